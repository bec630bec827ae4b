package io.hyperblock.server.alerts;

/** What an alert is about. The names are part of the API and of metric labels: never rename. */
public enum AlertKind {
  /** A brick stopped heartbeating and was marked DOWN; its units are being (or must be) rebuilt. */
  BRICK_DOWN,
  /** A brick's used bytes crossed the warning or critical share of its capacity. */
  BRICK_NEARLY_FULL,
  /** A volume lost redundancy on some stripes; every byte is still readable. */
  VOLUME_DEGRADED,
  /** A volume lost more units on some stripe than its policy tolerates; reads there fail. */
  VOLUME_UNAVAILABLE,
  /** A rebuild task made no progress for longer than the stall threshold. */
  REBUILD_STALLED,
  /** Audit events cannot be stored; mutating actions are going unrecorded. */
  AUDIT_FAILING;

  /** The kind in ids, e.g. {@code brick-down}. */
  public String slug() {
    return name().toLowerCase().replace('_', '-');
  }
}
