package io.hyperblock.core.cluster;

/**
 * Root of the exceptions thrown by the planners (rebuild, drain, rebalance, impact). A subclass
 * says what was wrong and carries what the caller needs to recover; the message is meant for an
 * operator.
 */
public class PlanningException extends RuntimeException {
  public PlanningException(String message) {
    super(message);
  }
}
