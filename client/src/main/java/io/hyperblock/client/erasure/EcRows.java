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
import io.hyperblock.client.session.VolumeSession;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.layout.StripeGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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

  EcRows(
      VolumeSession session, StripeGeometry geometry, ErasureCodec codec, FaultInjection faults) {
    this.session = session;
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

  UUID brick(long stripe, int u) {
    return session.brick(stripe, u);
  }

  BrickChannel channel(long stripe, int u) {
    return session.channel(brick(stripe, u));
  }

  /** Units of the stripe that failed in this session (bit i = unit i). */
  long suspects(long stripe) {
    long mask = 0;
    for (int u = 0; u < n; u++) {
      if (session.isSuspect(stripe, u, brick(stripe, u))) {
        mask |= 1L << u;
      }
    }
    return mask;
  }

  /** Records a failed unit call: fences the session, or marks the unit suspect and reports it. */
  void failed(long stripe, int u, Throwable e) {
    if (Failures.isFenced(e)) {
      session.fence(Futures.unwrap(e));
    } else if (!Failures.isCrash(e)) {
      session.unitFailed(stripe, u, brick(stripe, u), Futures.unwrap(e));
    }
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
      long stripe, long row, long mask, int offsetInUnit, int length) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<UnitRead>> reads = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((mask & (1L << u)) != 0) {
        which.add(u);
        reads.add(channel(stripe, u).readUnit(ref(stripe, row, u), offsetInUnit, length));
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
                    failed(stripe, u, o.failure());
                  }
                }
              }
              return new RowRead(units, failures);
            });
  }

  /** Sets {@code set} and clears {@code clear} in the stale masks of the units in {@code on}. */
  CompletableFuture<Long> markStale(long stripe, long row, long on, long set, long clear) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<RowMeta>> calls = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((on & (1L << u)) != 0) {
        which.add(u);
        calls.add(channel(stripe, u).markStale(ref(stripe, row, u), set, clear, session.epoch()));
      }
    }
    return Futures.settleAll(calls)
        .thenApply(
            outcomes -> {
              long ok = 0;
              for (int i = 0; i < which.size(); i++) {
                if (outcomes.get(i).ok()) {
                  ok |= 1L << which.get(i);
                } else {
                  failed(stripe, which.get(i), outcomes.get(i).failure());
                }
              }
              return ok;
            });
  }

  void commitLater(long stripe, long row, long written, long generation) {
    for (int u = 0; u < n; u++) {
      if ((written & (1L << u)) != 0) {
        commits.add(brick(stripe, u), new RowCommit(stripe, u, row, generation));
      }
    }
  }

  /**
   * Best effort: undoes {@code generation} on the units in {@code sent}.
   *
   * @return the units where the undo succeeded (or there was nothing to undo)
   */
  CompletableFuture<Long> rollback(long stripe, long row, long sent, long generation) {
    List<Integer> which = new ArrayList<>();
    List<CompletableFuture<RowMeta>> calls = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if ((sent & (1L << u)) != 0) {
        which.add(u);
        calls.add(channel(stripe, u).rollback(ref(stripe, row, u), generation, session.epoch()));
      }
    }
    return Futures.settleAll(calls)
        .thenApply(
            outcomes -> {
              long ok = 0;
              for (int i = 0; i < which.size(); i++) {
                if (outcomes.get(i).ok()) {
                  ok |= 1L << which.get(i);
                } else {
                  failed(stripe, which.get(i), outcomes.get(i).failure());
                }
              }
              return ok;
            });
  }
}
