package io.hyperblock.core.protection;

/**
 * How a volume protects its data: N full copies, or Reed-Solomon k+m erasure coding.
 *
 * <p>Both policies place {@link #unitsPerStripe()} units per stripe (chunk group), each on a
 * distinct brick: replicated volumes place {@code copies} whole-chunk replicas, erasure-coded ones
 * place k data shards followed by m parity shards.
 */
public sealed interface ProtectionPolicy permits Replicated, ErasureCoded {

  /** Number of bricks a stripe occupies. */
  int unitsPerStripe();

  /**
   * How many units a stripe can lose while both reads and writes go on: {@code copies -
   * writeQuorum} for replication (losing more leaves the data readable from any surviving copy but
   * writes fail their quorum), {@code m} for k+m erasure coding.
   */
  int faultTolerance();

  /** Short operator-facing name, e.g. {@code R3} or {@code EC_4_2}. */
  String displayName();
}
