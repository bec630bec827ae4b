package io.hyperblock.core.healing;

/** Health of a stripe or a volume (a volume takes the worst of its stripes). */
public enum HealthStatus {
  /** Every unit readable. */
  HEALTHY,
  /** Some units lost or stale, no more than the policy's fault tolerance: I/O continues. */
  DEGRADED,
  /**
   * More units lost than the policy tolerates ({@link
   * io.hyperblock.core.protection.ProtectionPolicy#faultTolerance()}): for a replicated volume
   * fewer replicas than the write quorum, for k+m fewer than k shards; I/O to the stripe fails.
   */
  UNAVAILABLE
}
