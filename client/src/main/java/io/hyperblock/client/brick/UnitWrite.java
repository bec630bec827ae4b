package io.hyperblock.client.brick;

/**
 * How a unit write is versioned (see rows.proto WriteUnitRequest).
 *
 * @param epoch the writer's fencing epoch
 * @param expectedGeneration the generation the unit must have for the write to apply, or {@link
 *     #UNCONDITIONAL}
 * @param newGeneration the unit's generation after the write
 * @param dataGenerations for parity units, the data generations the new bytes encode; empty for
 *     data units
 * @param participants bit i set: unit i takes part in this write (kept for recovery)
 * @param keepRollback false only for repair writes, which restore bytes at an existing generation
 * @param placementVersion the version of the placement map the writer chose the brick by (ADR 0009)
 */
public record UnitWrite(
    long epoch,
    long expectedGeneration,
    long newGeneration,
    long[] dataGenerations,
    long participants,
    boolean keepRollback,
    long placementVersion) {

  /** No generation check. */
  public static final long UNCONDITIONAL = -1;

  public UnitWrite {
    dataGenerations = dataGenerations.clone();
  }

  @Override
  public long[] dataGenerations() {
    return dataGenerations.clone();
  }

  public boolean conditional() {
    return expectedGeneration != UNCONDITIONAL;
  }
}
