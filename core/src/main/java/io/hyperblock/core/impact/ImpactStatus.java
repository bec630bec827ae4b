package io.hyperblock.core.impact;

/** What losing a domain does to one volume. */
public enum ImpactStatus {
  /** The volume's fault tolerance stays as it is. */
  OK,
  /** Some stripe gets closer to its limit: fault tolerance f drops to f' >= 0. */
  REDUCED,
  /** Some stripe loses more units than its policy tolerates: its data becomes unavailable. */
  UNAVAILABLE
}
