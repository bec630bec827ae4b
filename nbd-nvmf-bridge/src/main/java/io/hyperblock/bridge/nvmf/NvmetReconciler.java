package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Makes the nvmet configfs tree export exactly the desired volumes: reads the tree, plans with
 * {@link NvmetPlanner}, applies the plan step by step. Idempotent: reconciling twice with the same
 * list changes nothing the second time. Not thread-safe: one reconciler per host, called from one
 * control loop.
 *
 * <pre>{@code
 * var reconciler = new NvmetReconciler(KernelConfigfs.DEFAULT_ROOT);
 * reconciler.reconcile(List.of(new NvmeExport("vol1", "nqn.2026-01.io.hyperblock:vol1",
 *     Path.of("/dev/nbd0"), 1, NvmePort.tcp(1, "10.0.0.5", 4420))));
 * }</pre>
 */
public final class NvmetReconciler {

  private final Configfs fs;
  private final Predicate<String> owned;

  /** Manages every subsystem under {@code configfsRoot} (the nvmet directory). */
  public NvmetReconciler(Path configfsRoot) {
    this(new KernelConfigfs(configfsRoot), nqn -> true);
  }

  /**
   * @param owned which subsystems (by NQN) this reconciler may change or remove; others, and ports
   *     linking them, are left alone (for hosts where nvmet is shared with other software)
   */
  public NvmetReconciler(Configfs fs, Predicate<String> owned) {
    this.fs = Objects.requireNonNull(fs, "fs");
    this.owned = Objects.requireNonNull(owned, "owned");
  }

  /**
   * Brings the tree to the desired exports.
   *
   * @return the steps applied, in order; empty if the tree already matched
   * @throws IllegalArgumentException if the exports contradict each other (see {@link
   *     NvmetState#desired})
   * @throws NvmetReconcileException if the tree cannot be read (nvmet not loaded, configfs not
   *     mounted) or the kernel refuses a step; reconcile again once the cause is fixed
   */
  public List<NvmetAction> reconcile(List<NvmeExport> desired) throws NvmetReconcileException {
    NvmetState want = NvmetState.desired(desired);
    NvmetState have;
    try {
      have = NvmetReader.read(fs);
    } catch (IOException e) {
      throw new NvmetReconcileException(
          "cannot read the nvmet tree (is the nvmet module loaded and configfs mounted?): " + e,
          null,
          List.of(),
          e);
    }
    List<NvmetAction> plan;
    try {
      plan = NvmetPlanner.plan(have, want, owned);
    } catch (IllegalStateException e) {
      throw new NvmetReconcileException(e.getMessage(), null, List.of(), e);
    }
    List<NvmetAction> applied = new ArrayList<>();
    for (NvmetAction action : plan) {
      try {
        action.apply(fs);
      } catch (IOException e) {
        throw new NvmetReconcileException(
            "nvmet refused '" + action + "': " + e, action, applied, e);
      }
      applied.add(action);
    }
    return applied;
  }
}
