package io.hyperblock.core.cluster;

/**
 * The snapshot handed to a planner is inconsistent (a placement map of another volume, a stripe
 * with the wrong number of units, a volume listed twice). The server built it wrongly: fix the
 * snapshot; planning the same input again fails again.
 */
public class InvalidSnapshotException extends PlanningException {
  public InvalidSnapshotException(String message) {
    super(message);
  }
}
