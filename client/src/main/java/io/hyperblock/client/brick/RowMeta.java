package io.hyperblock.client.brick;

import java.util.Arrays;

/**
 * The row metadata a brick keeps beside one unit (see rows.proto and ADR 0003).
 *
 * @param generation generation of the last write applied to the unit; 0 if never written
 * @param dataGenerations for a parity unit, the generations of the k data units its bytes encode;
 *     empty for a data unit (and for a parity unit never written, meaning all zeros)
 * @param staleMask bit i set: unit i of the row is known to have missed a write
 * @param openGenerations generations whose rollback records the brick still keeps, ascending
 */
public record RowMeta(
    long generation, long[] dataGenerations, long staleMask, long[] openGenerations) {

  /**
   * Stale-mask bit 63: the brick undid this unit's unflushed writes after a reboot (rows.proto).
   * Its bytes match its generation, but it may be older than the row; not a stale mark of a unit.
   */
  public static final long REVERTED = 1L << 63;

  /** The stale marks of units (bits 0..31), without the {@link #REVERTED} flag. */
  public long unitMarks() {
    return staleMask & ~REVERTED;
  }

  public boolean reverted() {
    return (staleMask & REVERTED) != 0;
  }

  /** The metadata of a unit never written through the row service. */
  public static final RowMeta EMPTY = new RowMeta(0, new long[0], 0, new long[0]);

  public RowMeta {
    dataGenerations = dataGenerations.clone();
    openGenerations = openGenerations.clone();
  }

  /** Data generation {@code d} this parity encodes; 0 when the vector is empty (never written). */
  public long dataGeneration(int d) {
    return d < dataGenerations.length ? dataGenerations[d] : 0;
  }

  /** The parity's vector as k entries, zeros when it was never written. */
  public long[] vector(int k) {
    return dataGenerations.length == k ? dataGenerations.clone() : new long[k];
  }

  @Override
  public long[] dataGenerations() {
    return dataGenerations.clone();
  }

  @Override
  public long[] openGenerations() {
    return openGenerations.clone();
  }

  public boolean hasOpenGenerations() {
    return openGenerations.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowMeta r
        && r.generation == generation
        && r.staleMask == staleMask
        && Arrays.equals(r.dataGenerations, dataGenerations)
        && Arrays.equals(r.openGenerations, openGenerations);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(generation) * 31 + Arrays.hashCode(dataGenerations);
  }

  @Override
  public String toString() {
    return "RowMeta[gen="
        + generation
        + ", vector="
        + Arrays.toString(dataGenerations)
        + ", stale="
        + Long.toBinaryString(staleMask)
        + ", open="
        + Arrays.toString(openGenerations)
        + "]";
  }
}
