package io.hyperblock.server.alerts;

/** How urgently an operator should act. */
public enum Severity {
  /** Act soon: redundancy or headroom is shrinking, nothing is lost or blocked yet. */
  WARNING,
  /** Act now: data is unreadable, a brick is gone, writes will fail, or actions go unaudited. */
  CRITICAL
}
