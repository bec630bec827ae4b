package io.hyperblock.core.layout;

/** How much of a row a write covers, which decides how its parity is produced. */
public enum RowCoverage {
  /**
   * The write covers every logical byte of the row: parity is encoded from the new data alone, no
   * read is needed. (In a chunk's last, padded row, the padding counts as zeros.)
   */
  FULL_ROW,

  /**
   * The write covers part of the row: the touched data units and the m parity units must be read,
   * and parity updated by the delta (read-modify-write).
   */
  PARTIAL_ROW
}
