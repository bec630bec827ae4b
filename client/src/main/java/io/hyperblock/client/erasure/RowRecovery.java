package io.hyperblock.client.erasure;

import io.hyperblock.client.brick.DirtyUnit;
import io.hyperblock.client.brick.RowCommit;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.concurrent.RegionKey;
import io.hyperblock.client.erasure.RowVersions.Version;
import io.hyperblock.client.session.Routing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Brings every dirty row of the volume back to one consistent version (ADR 0003): rows with open
 * rollback records (a writer died mid-write, or its commits were not sent yet) and rows with stale
 * marks. Per row, under its serializer: read every unit's metadata, choose the version with the
 * most consistent units, roll back units that are ahead of it, commit the rest, mark the units that
 * are not in it stale and rewrite those that are reachable. Work is proportional to the dirty rows,
 * not to the volume.
 */
final class RowRecovery {

  /** What a recovery pass did. */
  record Report(int rowsExamined, int rowsRolledBack, int unitsRepaired, int rowsUnresolved) {
    Report plus(Report o) {
      return new Report(
          rowsExamined + o.rowsExamined,
          rowsRolledBack + o.rowsRolledBack,
          unitsRepaired + o.unitsRepaired,
          rowsUnresolved + o.rowsUnresolved);
    }
  }

  private static final Report NOTHING = new Report(0, 0, 0, 0);

  private final EcRows ec;
  private final RowRepairer repairer;

  RowRecovery(EcRows ec, RowRepairer repairer) {
    this.ec = ec;
    this.repairer = repairer;
  }

  /** Scans every brick of the volume for dirty units and recovers their rows, one at a time. */
  CompletableFuture<Report> recoverAll() {
    long marker = ec.session.failureMarker();
    List<UUID> bricks = new ArrayList<>(ec.session.allBricks());
    List<CompletableFuture<List<DirtyUnit>>> scans = new ArrayList<>();
    for (UUID b : bricks) {
      scans.add(ec.session.channel(b).dirtyUnits(ec.session.volumeId()));
    }
    return Futures.settleAll(scans)
        .thenCompose(
            outcomes -> {
              TreeSet<RegionKey> rows = new TreeSet<>();
              Set<UUID> answered = new HashSet<>();
              for (int i = 0; i < outcomes.size(); i++) {
                Outcome<List<DirtyUnit>> o = outcomes.get(i);
                if (o.ok()) {
                  answered.add(bricks.get(i));
                  o.value()
                      .forEach(
                          u -> rows.add(new RegionKey(u.unit().stripeIndex(), u.unit().row())));
                }
              }
              CompletableFuture<Report> chain = CompletableFuture.completedFuture(NOTHING);
              for (RegionKey key : rows) {
                chain =
                    chain.thenCompose(
                        acc ->
                            ec.rows
                                .run(
                                    key,
                                    () ->
                                        recoverRow(
                                            ec.session.routing(), key.stripe(), key.region()))
                                .exceptionally(e -> new Report(1, 0, 0, 1))
                                .thenApply(acc::plus));
              }
              return chain.thenApply(
                  report -> {
                    if (report.rowsUnresolved() == 0) {
                      ec.session.clearSuspectsUpTo(marker, answered);
                    }
                    return report;
                  });
            });
  }

  /**
   * Recovers one row, routed by {@code r}; the caller holds its serializer. Fails with the refusal
   * if a brick refused a rollback, stale mark or repair write for a placement change (ADR 0009):
   * the row is then left for a later pass (or the writer's retry), and nothing is marked suspect.
   */
  CompletableFuture<Report> recoverRow(Routing r, long stripe, long row) {
    return ec.readUnits(r, stripe, row, ec.allUnits, 0, 0)
        .thenCompose(
            rr -> {
              RowMeta[] metas = rr.metas();
              Version v = RowVersions.resolve(ec.k, metas, 0);
              List<CompletableFuture<RowMeta>> rollbacks = new ArrayList<>();
              List<Integer> rolled = new ArrayList<>();
              for (int u = 0; u < ec.n; u++) {
                long from = firstOpenAbove(metas[u], v.expectedGeneration(u, ec.k));
                if (metas[u] != null && !v.isConsistent(u) && from > 0) {
                  rolled.add(u);
                  rollbacks.add(
                      ec.channel(r, stripe, u)
                          .rollback(ec.ref(stripe, row, u), from, ec.session.epoch(), r.version()));
                }
              }
              return Futures.settleAll(rollbacks)
                  .thenCompose(
                      out -> {
                        Throwable moved = EcRows.placementChanged(out);
                        if (moved != null) {
                          return Futures.<Report>failed(moved);
                        }
                        for (int i = 0; i < rolled.size(); i++) {
                          int u = rolled.get(i);
                          metas[u] = out.get(i).ok() ? out.get(i).value() : null;
                          if (!out.get(i).ok()) {
                            ec.failed(r, stripe, u, out.get(i).failure());
                          }
                        }
                        return settle(r, stripe, row, metas, v, !rolled.isEmpty());
                      });
            });
  }

  private static long firstOpenAbove(RowMeta meta, long generation) {
    if (meta == null) {
      return 0;
    }
    for (long g : meta.openGenerations()) {
      if (g > generation) {
        return g;
      }
    }
    return 0;
  }

  /** Clears the REVERTED flag of units that now hold the row's version. */
  private CompletableFuture<Void> clearReverted(
      Routing r, long stripe, long row, RowMeta[] metas, long current) {
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (int u = 0; u < ec.n; u++) {
      if (metas[u] != null && metas[u].reverted() && (current & (1L << u)) != 0) {
        calls.add(ec.markStale(r, stripe, row, 1L << u, 0, RowMeta.REVERTED));
      }
    }
    return Futures.settleAll(calls).thenAccept(x -> {});
  }

  private CompletableFuture<Report> settle(
      Routing r, long stripe, long row, RowMeta[] metas, Version chosen, boolean rolledBack) {
    long usable = 0;
    for (int u = 0; u < ec.n; u++) {
      usable |= metas[u] != null && (chosen.staleUnion() & (1L << u)) == 0 ? 1L << u : 0;
    }
    long consistent = RowVersions.consistentWith(ec.k, metas, usable, chosen.vector());
    if (Long.bitCount(consistent) < ec.k) {
      return CompletableFuture.completedFuture(new Report(1, rolledBack ? 1 : 0, 0, 1));
    }
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    for (int u = 0; u < ec.n; u++) {
      if ((consistent & (1L << u)) != 0 && metas[u].hasOpenGenerations()) {
        commits.add(
            ec.channel(r, stripe, u)
                .commit(
                    ec.session.volumeId(),
                    List.of(new RowCommit(stripe, u, row, metas[u].generation()))));
      }
    }
    long stale = ec.allUnits & ~consistent;
    long marks = Decoding.staleMarks(metas);
    long reachableStale = 0;
    for (int u = 0; u < ec.n; u++) {
      reachableStale |= (stale & (1L << u)) != 0 && metas[u] != null ? 1L << u : 0;
    }
    long toRepair = reachableStale;
    CompletableFuture<Long> marked =
        stale == marks
            ? CompletableFuture.completedFuture(consistent)
            : ec.markStale(r, stripe, row, consistent, stale, marks & ~stale);
    return Futures.settleAll(commits)
        .thenCompose(x -> marked)
        .thenCompose(x -> repairer.repair(r, stripe, row, toRepair))
        .thenCompose(
            repaired ->
                clearReverted(r, stripe, row, metas, consistent | repaired)
                    .thenApply(x -> new Report(1, rolledBack ? 1 : 0, Long.bitCount(repaired), 0)));
  }
}
