package io.hyperblock.client.erasure;

import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.brick.RowCommit;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitRead;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.concurrent.KeyedSerializer;
import io.hyperblock.client.concurrent.RegionKey;
import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.session.Failures;
import io.hyperblock.client.session.PlacementRetry;
import io.hyperblock.client.session.Routing;
import io.hyperblock.client.session.VolumeSession;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.layout.StripeGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the EC row operations share for one attachment: addressing, the codec, the per-row
 * serializer, generations, lazy commits and fault points. Package-private plumbing.
 */
final class EcRows {

  final VolumeSession session;
  final StripeGeometry geometry;
  final ErasureCodec codec;
  final FaultInjection faults;
  final int k;
  final int m;
  final int n;
  final int unit;
  final long allUnits;
  final KeyedSerializer<RegionKey> rows = new KeyedSerializer<>();
  final Generations generations;
  final CommitQueue commits;
  final PlacementRetry retry;

  EcRows(
      VolumeSession session,
      StripeGeometry geometry,
      ErasureCodec codec,
      FaultInjection faults,
      PlacementRetry retry) {
    this.session = session;
    this.retry = retry;
    this.geometry = geometry;
    this.codec = codec;
    this.faults = faults;
    this.k = codec.dataUnits();
    this.m = codec.parityUnits();
    this.n = k + m;
    this.unit = geometry.stripeUnit();
    this.allUnits = (1L << n) - 1;
    this.generations = new Generations(session.epoch());
    this.commits = new CommitQueue(session);
  }

  UnitRef ref(long stripe, long row, int u) {
    return new UnitRef(session.volumeId(), stripe, u, row, unit);
  }

  UUID brick(Routing r, long stripe, int u) {
    return r.brick(stripe, u);
  }

  BrickChannel channel(Routing r, long stripe, int u) {
    return session.channel(r, brick(r, stripe, u));
  }

  /** Units of the stripe that failed in this session (bit i = unit i). */
  long suspects(Routing r, long stripe) {
    long mask = 0;
    for (int u = 0; u < n; u++) {
      if (session.isSuspect(stripe, u, brick(r, stripe, u))) {
        mask |= 1L << u;
      }
    }
    return mask;
  }

  /**
   * Records a failed unit call: fences the session, or marks the unit suspect and reports it. A
   * refusal for a placement change (ADR 0009) is not a failure of the unit and leaves no trace.
   */
  void failed(Routing r, long stripe, int u, Throwable e) {
    if (Failures.isFenced(e)) {
      session.fence(Futures.unwrap(e));
    } else if (!Failures.isCrash(e) && !Failures.isPlacementChanged(e)) {
      session.unitFailed(stripe, u, brick(r, stripe, u), Futures.unwrap(e));
    }
  }

  /** The first refusal for a placement change among {@code outcomes}, or null. */
  static Throwable placementChanged(List<? extends Outcome<?>> outcomes) {
    for (Outcome<?> o : outcomes) {
      if (!o.ok() && Failures.isPlacementChanged(o.failure())) {
        return o.failure();
      }
    }
    return null;
  }

  /** A whole row's reads: bytes and metadata per unit, null where the read failed. */
  record RowRead(UnitRead[] units, Throwable[] failures) {
    RowMeta[] metas() {
      RowMeta[] metas = new RowMeta[units.length];
      for (int i = 0; i < units.length; i++) {
        metas[i] = units[i] == null ? null : units[i].meta();
      }
      return metas;
    }

    boolean corrupt(int u) {
      return failures[u] != null && Failures.isCorrupt(failures[u]);
    }
  }

  /** Reads {@code [offsetInUnit, + length)} of the units in {@code mask}, in parallel. */
  CompletableFuture<RowRead> readUnits(
      Routing r, long stripe, long row, long mask, int offsetInUnit, int length) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<UnitRead>> reads = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((mask & (1L << u)) != 0) {
        which.add(u);
        reads.add(channel(r, stripe, u).readUnit(ref(stripe, row, u), offsetInUnit, length));
      }
    }
    return Futures.settleAll(reads)
        .thenApply(
            outcomes -> {
              UnitRead[] units = new UnitRead[n];
              Throwable[] failures = new Throwable[n];
              for (int i = 0; i < which.size(); i++) {
                Outcome<UnitRead> o = outcomes.get(i);
                int u = which.get(i);
                if (o.ok()) {
                  units[u] = o.value();
                } else {
                  failures[u] = o.failure();
                  if (!Failures.isCorrupt(o.failure())) {
                    failed(r, stripe, u, o.failure());
                  }
                }
              }
              return new RowRead(units, failures);
            });
  }

  /**
   * Sets {@code set} and clears {@code clear} in the stale masks of the units in {@code on}.
   *
   * @return the units where it was applied; fails with the refusal if any unit refused it for a
   *     placement change (the caller's operation is then retried whole)
   */
  CompletableFuture<Long> markStale(
      Routing r, long stripe, long row, long on, long set, long clear) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<RowMeta>> calls = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((on & (1L << u)) != 0) {
        which.add(u);
        calls.add(
            channel(r, stripe, u)
                .markStale(ref(stripe, row, u), set, clear, session.epoch(), r.version()));
      }
    }
    return Futures.settleAll(calls).thenApply(outcomes -> applied(r, stripe, which, outcomes));
  }

  /** The units that applied a mutation; fails if any refused it for a placement change. */
  private long applied(
      Routing r, long stripe, List<Integer> which, List<Outcome<RowMeta>> outcomes) {
    Throwable moved = placementChanged(outcomes);
    long ok = 0;
    for (int i = 0; i < which.size(); i++) {
      if (outcomes.get(i).ok()) {
        ok |= 1L << which.get(i);
      } else if (moved == null) {
        failed(r, stripe, which.get(i), outcomes.get(i).failure());
      }
    }
    if (moved != null) {
      throw new CompletionException(moved);
    }
    return ok;
  }

  void commitLater(Routing r, long stripe, long row, long written, long generation) {
    for (int u = 0; u < n; u++) {
      if ((written & (1L << u)) != 0) {
        commits.add(brick(r, stripe, u), new RowCommit(stripe, u, row, generation));
      }
    }
  }

  /**
   * Best effort: undoes {@code generation} on the units in {@code sent}.
   *
   * @return the units where the undo succeeded (or there was nothing to undo); fails with the
   *     refusal if any unit refused it for a placement change
   */
  CompletableFuture<Long> rollback(Routing r, long stripe, long row, long sent, long generation) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<RowMeta>> calls = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((sent & (1L << u)) != 0) {
        which.add(u);
        calls.add(
            channel(r, stripe, u)
                .rollback(ref(stripe, row, u), generation, session.epoch(), r.version()));
      }
    }
    return Futures.settleAll(calls).thenApply(outcomes -> applied(r, stripe, which, outcomes));
  }
}
