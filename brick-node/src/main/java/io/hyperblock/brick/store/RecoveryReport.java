package io.hyperblock.brick.store;

/**
 * What journal replay did when the store opened.
 *
 * @param entriesScanned journal entries read after the last persisted checkpoint
 * @param mutationsReplayed WRITE/TRIM entries not covered by any checkpoint
 * @param blocksChecked blocks whose checksum was reconciled with the extent bytes
 * @param blocksRepaired blocks whose stored checksum was rewritten to match their bytes
 * @param blocksTorn blocks whose bytes match no version in flight: left to read as CORRUPT
 */
public record RecoveryReport(
    long entriesScanned,
    long mutationsReplayed,
    long blocksChecked,
    long blocksRepaired,
    long blocksTorn) {

  /** Whether any mutation needed recovery, i.e. the last shutdown was not clean. */
  public boolean replayed() {
    return mutationsReplayed > 0;
  }
}
