package io.hyperblock.bridge.nvmf;

import java.util.List;

/**
 * Reconciliation stopped: the tree could not be read, or the kernel refused a step. The tree may be
 * half-way; reconciling again resumes from whatever is there (plans are computed from the observed
 * tree every time). {@link #failedAction()} is null when reading failed.
 */
public final class NvmetReconcileException extends Exception {

  private final transient NvmetAction failedAction;
  private final transient List<NvmetAction> applied;

  NvmetReconcileException(
      String message, NvmetAction failedAction, List<NvmetAction> applied, Throwable cause) {
    super(message, cause);
    this.failedAction = failedAction;
    this.applied = List.copyOf(applied);
  }

  /** The step the kernel refused, or null if the tree could not be read. */
  public NvmetAction failedAction() {
    return failedAction;
  }

  /** Steps that succeeded before the failure. */
  public List<NvmetAction> applied() {
    return applied;
  }
}
