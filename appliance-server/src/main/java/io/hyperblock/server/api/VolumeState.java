package io.hyperblock.server.api;

/** Health of a volume's data as the management server sees it. */
public enum VolumeState {
  /** Every unit of every stripe is on an UP brick and current. */
  HEALTHY,
  /** Some stripes lost redundancy but every byte is readable. */
  DEGRADED,
  /** Some stripes lost more units than the policy tolerates. */
  UNAVAILABLE
}
