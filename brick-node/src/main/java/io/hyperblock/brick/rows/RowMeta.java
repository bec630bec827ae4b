package io.hyperblock.brick.rows;

/**
 * A snapshot of one unit's row metadata (see rows.proto RowMeta).
 *
 * @param generation generation of the last applied write; 0 if never written, -2 if the bytes are
 *     unknown after a crash during a repair write
 * @param vector parity only: the data generations the bytes encode
 * @param staleMask units of the row known to have missed a write
 * @param openGenerations generations with rollback records, ascending
 * @param participants union of the participants of the open records
 */
public record RowMeta(
    long generation, long[] vector, long staleMask, long[] openGenerations, long participants) {

  static RowMeta of(RowMetaState s) {
    return new RowMeta(
        s.generation, s.vector.clone(), s.staleMask, s.openGenerations(), s.participants);
  }
}
