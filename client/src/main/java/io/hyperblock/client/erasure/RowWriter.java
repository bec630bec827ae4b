package io.hyperblock.client.erasure;

import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitWrite;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.erasure.EcRows.RowRead;
import io.hyperblock.client.erasure.RowVersions.Version;
import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.fault.InjectedCrashException;
import io.hyperblock.client.session.Failures;
import io.hyperblock.client.session.PlacementRetry;
import io.hyperblock.client.session.Routing;
import io.hyperblock.core.layout.RowOp;
import io.hyperblock.core.layout.UnitSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one row op of an EC chunk (ADR 0003). A full row is encoded and its k+m units written
 * unconditionally. A partial row is a read-modify-write over the hull {@code [lo, hi)} of the
 * touched in-unit range: the fast path reads the touched data units and the m parities and applies
 * parity deltas; when any of them is missing, stale or inconsistent, the slow path reads every
 * unit, decodes the row from one consistent version and re-encodes. Either way every written unit
 * gets a new generation (parities the new data-generation vector) and keeps a rollback record; the
 * write is acknowledged once at least k units hold the new version and the units that missed it are
 * marked stale on the others. Must run under the row's serializer.
 *
 * <p><b>Placement changes</b> (ADR 0009). Every attempt of a row op is routed by one placement map
 * and its mutations carry that map's version. If any unit write, rollback or stale mark of the
 * attempt is refused because the stripe's placement is changing, the attempt stops there: the
 * refused unit is not degraded, nothing is marked stale for it, nothing is rolled back. The row op
 * is then retried whole ({@link io.hyperblock.client.session.PlacementRetry}: refreshed map,
 * backoff, bounded) while the caller keeps holding the row's serializer. The first attempt may have
 * been applied by some units only (a torn row), so every retry first settles the row as recovery
 * does (resolve one version, roll back units ahead of it, repair the others) and then plans the
 * write from fresh reads with a fresh generation. A conditional write that finds another generation
 * than it read ({@link io.hyperblock.client.brick.GenerationConflictException}: the row changed
 * under the attempt) is retried the same way.
 */
final class RowWriter {

  private final EcRows ec;
  private final RowRecovery recovery;

  RowWriter(EcRows ec, RowRecovery recovery) {
    this.ec = ec;
    this.recovery = recovery;
  }

  /** What to write: bytes per unit (null = not written), and what the rest of the row is. */
  private record Plan(
      ByteBuffer[] bytes,
      int offsetInUnit,
      long[] expected,
      long[] vector,
      long assumedConsistent,
      long knownStale) {}

  /** One row op of one request, with that request's buffer (position = the op's offset 0). */
  record Part(RowOp op, ByteBuffer src) {}

  /** Writes one row op; {@code src}'s position is the op's buffer offset 0. */
  CompletableFuture<Void> write(long stripe, RowOp op, ByteBuffer src) {
    return write(stripe, List.of(new Part(op, src)));
  }

  /**
   * Writes several row ops of the same row as one row update, later parts overwriting earlier ones
   * where they overlap (queued writes of one row, coalesced: one read-modify-write instead of
   * many).
   */
  CompletableFuture<Void> write(long stripe, List<Part> parts) {
    ec.session.checkWritable();
    long row = parts.getFirst().op().row();
    int[] attempts = {0};
    return ec.retry.run(
        "write of row " + row + " of stripe " + stripe,
        r -> {
          if (attempts[0]++ == 0) {
            return writeOnce(r, stripe, parts);
          }
          // an earlier attempt may have left the row torn: settle it first
          return recovery.recoverRow(r, stripe, row).thenCompose(x -> writeOnce(r, stripe, parts));
        });
  }

  /** One attempt of a row op, routed by {@code r}. */
  private CompletableFuture<Void> writeOnce(Routing r, long stripe, List<Part> parts) {
    ec.session.checkWritable();
    long row = parts.getFirst().op().row();
    long gen = ec.generations.next();
    int lastFull = -1;
    for (int i = 0; i < parts.size(); i++) {
      lastFull = parts.get(i).op().isFullRow() ? i : lastFull;
    }
    if (lastFull >= 0) {
      return apply(r, stripe, row, gen, fullRowPlan(parts, lastFull, gen));
    }
    int lo = Integer.MAX_VALUE;
    int hi = 0;
    long touched = 0;
    for (Part p : parts) {
      for (UnitSegment s : p.op().segments()) {
        int in = inUnit(row, s);
        lo = Math.min(lo, in);
        hi = Math.max(hi, in + s.length());
        touched |= 1L << s.dataShard();
      }
    }
    int from = lo;
    int len = hi - lo;
    long parities = ec.allUnits & ~((1L << ec.k) - 1);
    long mask = touched;
    return ec.readUnits(r, stripe, row, touched | parities, from, len)
        .thenCompose(
            fast -> {
              Plan plan = fastPlan(r, stripe, parts, gen, mask, from, len, fast);
              if (plan != null) {
                return apply(r, stripe, row, gen, plan);
              }
              return ec.readUnits(r, stripe, row, ec.allUnits, from, len)
                  .thenCompose(
                      all ->
                          apply(
                              r,
                              stripe,
                              row,
                              gen,
                              slowPlan(stripe, parts, gen, mask, from, len, all)));
            });
  }

  private int inUnit(long row, UnitSegment s) {
    return (int) (s.shardOffset() - row * ec.unit);
  }

  private Plan fullRowPlan(List<Part> parts, int lastFull, long gen) {
    ByteBuffer[] bytes = new ByteBuffer[ec.n];
    Part full = parts.get(lastFull);
    boolean later = lastFull < parts.size() - 1;
    for (UnitSegment s : full.op().segments()) {
      ByteBuffer slice =
          full.src().slice(full.src().position() + (int) s.bufferOffset(), s.length());
      bytes[s.dataShard()] = later ? copy(slice, s.length()) : slice;
    }
    for (int d = 0; d < ec.k; d++) {
      if (bytes[d] == null) {
        bytes[d] = ByteBuffer.allocateDirect(ec.unit); // padding past the chunk's end: zeros
      }
      if (later) {
        overlay(bytes[d], parts.subList(lastFull + 1, parts.size()), d, 0);
      }
    }
    ByteBuffer[] parity = new ByteBuffer[ec.m];
    for (int j = 0; j < ec.m; j++) {
      parity[j] = ByteBuffer.allocateDirect(ec.unit);
      bytes[ec.k + j] = parity[j];
    }
    ec.codec.encode(Arrays.copyOf(bytes, ec.k), parity, ec.unit);
    long[] expected = new long[ec.n];
    Arrays.fill(expected, UnitWrite.UNCONDITIONAL);
    long[] vector = new long[ec.k];
    Arrays.fill(vector, gen);
    return new Plan(bytes, 0, expected, vector, 0, 0);
  }

  /** The delta plan, or null when the fast path's preconditions do not hold. */
  private Plan fastPlan(
      Routing r,
      long stripe,
      List<Part> parts,
      long gen,
      long touched,
      int lo,
      int len,
      RowRead rr) {
    RowMeta[] metas = rr.metas();
    long stale = ec.suspects(r, stripe);
    for (RowMeta meta : metas) {
      stale |= meta == null ? 0 : meta.unitMarks();
    }
    long needed = touched | (ec.allUnits & ~((1L << ec.k) - 1));
    for (int u = 0; u < ec.n; u++) {
      if ((needed & (1L << u)) != 0 && (metas[u] == null || (stale & (1L << u)) != 0)) {
        return null;
      }
    }
    long[] vector = metas[ec.k].vector(ec.k);
    for (int p = ec.k + 1; p < ec.n; p++) {
      if (!Arrays.equals(metas[p].vector(ec.k), vector)) {
        return null;
      }
    }
    for (int d = 0; d < ec.k; d++) {
      if ((touched & (1L << d)) != 0 && metas[d].generation() != vector[d]) {
        return null;
      }
    }
    ByteBuffer[] bytes = new ByteBuffer[ec.n];
    ByteBuffer[] parity = new ByteBuffer[ec.m];
    for (int j = 0; j < ec.m; j++) {
      parity[j] = copy(rr.units()[ec.k + j].data(), len);
      bytes[ec.k + j] = parity[j];
    }
    for (int d = 0; d < ec.k; d++) {
      if ((touched & (1L << d)) != 0) {
        ByteBuffer old = rr.units()[d].data();
        bytes[d] = overlay(copy(old, len), parts, d, lo);
        ec.codec.applyDelta(d, old, bytes[d], parity, len);
        vector[d] = gen;
      }
    }
    long[] expected = new long[ec.n];
    for (int u = 0; u < ec.n; u++) {
      expected[u] = metas[u] == null ? UnitWrite.UNCONDITIONAL : metas[u].generation();
    }
    // Untouched data units keep their place in the new version unless a brick marked them stale:
    // every acknowledged write marks the units that missed it, so an unmarked unit did not.
    long marks = Decoding.staleMarks(metas);
    long untouched = ((1L << ec.k) - 1) & ~touched & ~marks;
    return new Plan(bytes, lo, expected, vector, untouched, marks);
  }

  private Plan slowPlan(
      long stripe, List<Part> parts, long gen, long touched, int lo, int len, RowRead rr) {
    long row = parts.getFirst().op().row();
    RowMeta[] metas = rr.metas();
    // The bricks' stale marks and generations decide; session suspicions only steer the fast path.
    Version v = RowVersions.resolve(ec.k, metas, 0);
    if (v.count() < ec.k) {
      throw new VolumeUnavailableException(
          "row "
              + row
              + " of stripe "
              + stripe
              + " has "
              + v.count()
              + " consistent units, "
              + ec.k
              + " are needed to update it ("
              + v
              + ", units "
              + Arrays.toString(metas)
              + ")",
          null);
    }
    ByteBuffer[] units = Decoding.decodeData(ec, rr, v, len);
    boolean wholeUnit = len == ec.unit;
    ByteBuffer[] bytes = new ByteBuffer[ec.n];
    ByteBuffer[] data = new ByteBuffer[ec.k];
    long[] vector = v.vector().clone();
    for (int d = 0; d < ec.k; d++) {
      if ((touched & (1L << d)) != 0) {
        data[d] = overlay(copy(units[d], len), parts, d, lo);
        vector[d] = gen;
        if (writable(v, rr, d, wholeUnit)) {
          bytes[d] = data[d];
        }
      } else {
        data[d] = units[d];
      }
    }
    ByteBuffer[] parity = new ByteBuffer[ec.m];
    for (int j = 0; j < ec.m; j++) {
      parity[j] = ByteBuffer.allocateDirect(len);
    }
    ec.codec.encode(data, parity, len);
    for (int j = 0; j < ec.m; j++) {
      if (writable(v, rr, ec.k + j, wholeUnit)) {
        bytes[ec.k + j] = parity[j];
      }
    }
    long[] expected = new long[ec.n];
    for (int u = 0; u < ec.n; u++) {
      expected[u] = metas[u] == null ? UnitWrite.UNCONDITIONAL : metas[u].generation();
    }
    long marks = Decoding.staleMarks(metas);
    long unread = 0;
    for (int u = 0; u < ec.n; u++) {
      unread |= metas[u] == null ? 1L << u : 0;
    }
    // Read units must prove they hold the version; unreadable ones are assumed to unless marked.
    long untouched = ((1L << ec.k) - 1) & ~touched & (v.consistent() | (unread & ~marks));
    return new Plan(bytes, lo, expected, vector, untouched, marks);
  }

  /** A unit may take the new version if it held the old one, or if the write covers all of it. */
  private static boolean writable(Version v, RowRead rr, int u, boolean wholeUnit) {
    return v.isConsistent(u) || (wholeUnit && (rr.units()[u] != null || rr.corrupt(u)));
  }

  private static ByteBuffer copy(ByteBuffer from, int len) {
    ByteBuffer b = ByteBuffer.allocateDirect(len);
    b.put(from.duplicate().limit(from.position() + len)).flip();
    return b;
  }

  /**
   * Copies the parts' bytes of data unit {@code d} into {@code unitBytes} (which starts at in-unit
   * offset {@code lo}), in order, so later parts win.
   */
  private ByteBuffer overlay(ByteBuffer unitBytes, List<Part> parts, int d, int lo) {
    for (Part p : parts) {
      for (UnitSegment s : p.op().segments()) {
        if (s.dataShard() == d) {
          unitBytes.put(
              inUnit(p.op().row(), s) - lo,
              p.src(),
              p.src().position() + (int) s.bufferOffset(),
              s.length());
        }
      }
    }
    return unitBytes;
  }

  private CompletableFuture<Void> apply(Routing r, long stripe, long row, long gen, Plan plan) {
    long participants = 0;
    for (int u = 0; u < ec.n; u++) {
      participants |= plan.bytes()[u] != null ? 1L << u : 0;
    }
    List<Integer> sentUnits = new ArrayList<>();
    List<CompletableFuture<RowMeta>> sent = new ArrayList<>();
    try {
      for (int u = 0; u < ec.n; u++) {
        if (u == ec.k) {
          ec.faults.hit(FaultInjection.EC_AFTER_DATA_BEFORE_PARITY, stripe, row, -1);
        }
        if (plan.bytes()[u] == null) {
          continue;
        }
        ec.faults.hit(FaultInjection.EC_BEFORE_UNIT_WRITE, stripe, row, u);
        long[] vector = u < ec.k ? new long[0] : plan.vector();
        UnitWrite how =
            new UnitWrite(
                ec.session.epoch(),
                plan.expected()[u],
                gen,
                vector,
                participants,
                true,
                r.version());
        sentUnits.add(u);
        sent.add(
            ec.channel(r, stripe, u)
                .writeUnit(ec.ref(stripe, row, u), plan.offsetInUnit(), plan.bytes()[u], how));
      }
    } catch (InjectedCrashException crash) {
      return crashAfter(sent, crash);
    }
    return Futures.settleAll(sent)
        .thenCompose(outcomes -> finish(r, stripe, row, gen, plan, sentUnits, outcomes));
  }

  private CompletableFuture<Void> crashAfter(
      List<CompletableFuture<RowMeta>> sent, InjectedCrashException crash) {
    ec.session.crash(crash);
    return Futures.settleAll(sent).thenCompose(x -> Futures.failed(crash));
  }

  private CompletableFuture<Void> finish(
      Routing r,
      long stripe,
      long row,
      long gen,
      Plan plan,
      List<Integer> units,
      List<Outcome<RowMeta>> out) {
    long written = 0;
    long sent = 0;
    for (int u : units) {
      sent |= 1L << u;
    }
    long knownStale = plan.knownStale();
    Throwable fenced = null;
    Throwable retry = null;
    for (Outcome<RowMeta> o : out) {
      if (!o.ok() && Failures.isFenced(o.failure())) {
        fenced = o.failure();
      } else if (!o.ok() && PlacementRetry.isRetryable(o.failure())) {
        retry = o.failure();
      }
    }
    if (fenced != null) {
      ec.session.fence(Futures.unwrap(fenced));
      return Futures.failed(
          new VolumeFencedException(
              "a brick fenced this client's write of stripe " + stripe, fenced));
    }
    if (retry != null) {
      // placement changed (or the row changed under us): no unit is degraded, nothing is marked
      // or rolled back; the row op is retried whole and settles what this attempt left
      return Futures.failed(retry);
    }
    Throwable anyFailure = null;
    for (int i = 0; i < units.size(); i++) {
      int u = units.get(i);
      Outcome<RowMeta> o = out.get(i);
      if (o.ok()) {
        written |= 1L << u;
        knownStale |= o.value().unitMarks() & ec.allUnits;
      } else {
        ec.failed(r, stripe, u, o.failure());
        anyFailure = o.failure();
      }
    }
    long consistent = plan.assumedConsistent() | written;
    if (Long.bitCount(consistent) < ec.k) {
      return failAndRollBack(
          r, stripe, row, gen, sent, plan.assumedConsistent(), anyFailure, consistent);
    }
    try {
      ec.faults.hit(FaultInjection.EC_BEFORE_ACK, stripe, row, -1);
    } catch (InjectedCrashException crash) {
      ec.session.crash(crash);
      return Futures.failed(crash);
    }
    long newStale = ec.allUnits & ~consistent;
    long w = written;
    long s = sent;
    if (newStale == knownStale) {
      ec.commitLater(r, stripe, row, w, gen);
      return CompletableFuture.completedFuture(null);
    }
    Throwable cause = anyFailure;
    return ec.markStale(r, stripe, row, consistent, newStale, knownStale & ~newStale)
        .thenCompose(
            marked -> {
              if (Long.bitCount(marked) < ec.k) {
                return failAndRollBack(
                    r, stripe, row, gen, s, plan.assumedConsistent(), cause, marked);
              }
              ec.commitLater(r, stripe, row, w, gen);
              return CompletableFuture.<Void>completedFuture(null);
            });
  }

  /**
   * Undoes a write that did not reach k units: rolls back every unit it was sent to (a unit whose
   * answer was lost may have applied it), then marks the units that could not be rolled back stale
   * on the others, so no reader counts them as holding the restored version.
   */
  private CompletableFuture<Void> failAndRollBack(
      Routing r,
      long stripe,
      long row,
      long gen,
      long sent,
      long untouched,
      Throwable cause,
      long consistent) {
    VolumeUnavailableException e =
        new VolumeUnavailableException(
            "write of row "
                + row
                + " of stripe "
                + stripe
                + " reached "
                + Long.bitCount(consistent)
                + " consistent units, "
                + ec.k
                + " are needed; rolled back",
            cause == null ? null : Futures.unwrap(cause));
    // a rollback or mark refused for a placement change fails this with that refusal instead, so
    // the row op is retried whole
    return ec.rollback(r, stripe, row, sent, gen)
        .thenCompose(
            undone -> {
              long ahead = sent & ~undone;
              return ahead == 0
                  ? CompletableFuture.completedFuture(0L)
                  : ec.markStale(r, stripe, row, untouched | undone, ahead, 0);
            })
        .thenCompose(x -> Futures.failed(e));
  }
}
