package io.hyperblock.client.replicated;

import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.concurrent.KeyedSerializer;
import io.hyperblock.client.concurrent.RegionKey;
import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.session.Failures;
import io.hyperblock.client.session.PlacementRetry;
import io.hyperblock.client.session.Routing;
import io.hyperblock.client.session.VolumeSession;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * I/O of one replicated chunk at a time (seed semantics, see DESIGN.md "I/O semantics").
 *
 * <p><b>Writes</b> go to every replica in parallel and succeed when at least {@code writeQuorum}
 * replicas applied them (answered once every replica has answered or timed out, see {@link
 * #fanOut}); a replica that fails is marked suspect (reads avoid it) and reported. <b>Reads</b>
 * with read quorum 1 try the healthy replicas in slot order; with read quorum q > 1 they read every
 * healthy replica in parallel and need q byte-identical answers, return the majority and rewrite
 * divergent replicas in the background. A replica answering with a checksum error is repaired from
 * the replica that served the read.
 *
 * <p>Requests are cut into {@link #REGION}-aligned pieces (the RPC size). Mutations (writes, trims,
 * repairs) hold the 4 KiB blocks they touch until every replica answered, so a slow replica can
 * never apply an older write after a newer overlapping one, and a repair never overwrites a newer
 * write; mutations of disjoint blocks (a sequential 4 KiB stream included) run in parallel.
 */
public final class ReplicatedIo {

  /** RPC granularity: 1 MiB pieces, a multiple of the bricks' 4 KiB checksum block. */
  public static final int REGION = 1 << 20;

  private static final int BLOCK = 4096;

  private final VolumeSession session;
  private final Replicated policy;
  private final FaultInjection faults;
  private final PlacementRetry retry;
  private final KeyedSerializer<RegionKey> regions = new KeyedSerializer<>();

  public ReplicatedIo(VolumeSession session, Replicated policy, FaultInjection faults) {
    this(session, policy, faults, new PlacementRetry(session, Duration.ofSeconds(60)));
  }

  /**
   * @param retry how writes and trims refused for a placement change are retried (ADR 0009)
   */
  public ReplicatedIo(
      VolumeSession session, Replicated policy, FaultInjection faults, PlacementRetry retry) {
    this.session = session;
    this.policy = policy;
    this.faults = faults;
    this.retry = retry;
  }

  /** Writes {@code src} (position to limit) at {@code offsetInChunk} of the stripe's chunk. */
  public CompletableFuture<Void> write(long stripe, long offsetInChunk, ByteBuffer src) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    forEachPiece(
        offsetInChunk,
        src.remaining(),
        (off, len, bufOff) -> {
          ByteBuffer piece = src.slice(src.position() + bufOff, len);
          CompletableFuture<Void> ack = new CompletableFuture<>();
          acks.add(ack);
          regions
              .runAll(blocks(stripe, off, len), () -> fanOutWrite(stripe, off, piece, ack))
              .whenComplete((r, e) -> failIfPending(ack, e));
        });
    return Futures.allOrFirstFailure(acks);
  }

  /** Zeros {@code [offsetInChunk, offsetInChunk + length)} on every replica. */
  public CompletableFuture<Void> trim(long stripe, long offsetInChunk, long length) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    forEachPiece(
        offsetInChunk,
        length,
        (off, len, bufOff) -> {
          CompletableFuture<Void> ack = new CompletableFuture<>();
          acks.add(ack);
          regions
              .runAll(blocks(stripe, off, len), () -> fanOutTrim(stripe, off, len, ack))
              .whenComplete((r, e) -> failIfPending(ack, e));
        });
    return Futures.allOrFirstFailure(acks);
  }

  /**
   * Reads {@code dst.remaining()} bytes at {@code offsetInChunk} into {@code dst} (absolute puts).
   */
  public CompletableFuture<Void> read(long stripe, long offsetInChunk, ByteBuffer dst) {
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    forEachPiece(
        offsetInChunk,
        dst.remaining(),
        (off, len, bufOff) -> {
          ByteBuffer piece = dst.slice(dst.position() + bufOff, len);
          List<RegionKey> blocks = blocks(stripe, off, len);
          // A write acknowledged at its quorum may still be landing on a slow replica; it holds its
          // blocks until then, so a read of busy blocks waits rather than risk that replica.
          parts.add(
              anyBusy(blocks)
                  ? regions.runAll(blocks, () -> readPiece(stripe, off, piece, true))
                  : readPiece(stripe, off, piece, false));
        });
    return Futures.allOrFirstFailure(parts);
  }

  /** The 4 KiB blocks of {@code [off, off + len)}, ascending: the serialization keys. */
  private static List<RegionKey> blocks(long stripe, long off, int len) {
    List<RegionKey> keys = new ArrayList<>();
    for (long b = off / BLOCK; b <= (off + len - 1) / BLOCK; b++) {
      keys.add(new RegionKey(stripe, b));
    }
    return keys;
  }

  private boolean anyBusy(List<RegionKey> keys) {
    if (regions.activeKeys() == 0) {
      return false;
    }
    for (RegionKey k : keys) {
      if (regions.isBusy(k)) {
        return true;
      }
    }
    return false;
  }

  private CompletableFuture<Void> readPiece(
      long stripe, long off, ByteBuffer piece, boolean holdingRegion) {
    if (policy.readQuorum() == 1) {
      return readFirstHealthy(stripe, off, piece);
    }
    return holdingRegion
        ? readQuorum(stripe, off, piece)
        : readQuorumOrRetryLocked(stripe, off, piece);
  }

  private interface PieceVisitor {
    void visit(long offsetInChunk, int length, int bufferOffset);
  }

  private static void forEachPiece(long offsetInChunk, long length, PieceVisitor v) {
    long pos = offsetInChunk;
    long end = offsetInChunk + length;
    while (pos < end) {
      long regionEnd = (pos / REGION + 1) * REGION;
      int n = (int) (Math.min(regionEnd, end) - pos);
      v.visit(pos, n, (int) (pos - offsetInChunk));
      pos += n;
    }
  }

  private static void failIfPending(CompletableFuture<Void> ack, Throwable e) {
    if (e != null) {
      ack.completeExceptionally(Futures.unwrap(e));
    }
  }

  private interface ReplicaCall {
    CompletableFuture<Void> call(BrickChannel channel, long placementVersion);
  }

  private CompletableFuture<Void> fanOutWrite(
      long stripe, long off, ByteBuffer piece, CompletableFuture<Void> ack) {
    UUID volume = session.volumeId();
    return fanOut(
        stripe,
        off,
        ack,
        "write",
        (c, version) ->
            c.writeShard(volume, stripe, 0, off, piece.duplicate(), session.epoch(), version));
  }

  private CompletableFuture<Void> fanOutTrim(
      long stripe, long off, int len, CompletableFuture<Void> ack) {
    UUID volume = session.volumeId();
    return fanOut(
        stripe,
        off,
        ack,
        "trim",
        (c, version) -> c.trimShard(volume, stripe, 0, off, len, session.epoch(), version));
  }

  /**
   * Sends {@code call} to every replica of the stripe and completes {@code ack} with the outcome
   * (see {@link #fanOutOnce}). While a replica refuses it because the stripe's placement is
   * changing, the whole piece is sent again, to every replica of the refreshed map, with backoff
   * and within the configured bound ({@link PlacementRetry}); the caller's block serialization is
   * held all along.
   */
  private CompletableFuture<Void> fanOut(
      long stripe, long off, CompletableFuture<Void> ack, String what, ReplicaCall call) {
    return retry
        .run(
            what + " of stripe " + stripe + " at " + off,
            routing -> fanOutOnce(stripe, routing, what, call))
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                ack.complete(null);
              } else {
                ack.completeExceptionally(Futures.unwrap(e));
              }
            });
  }

  /**
   * One attempt: sends {@code call} to every replica {@code routing} names and completes once every
   * replica answered (or hit its deadline): successfully if at least the write quorum applied it
   * and no brick fenced this client. If any replica refused it for a placement change, the attempt
   * fails with that refusal and leaves no trace: nothing is counted, marked suspect or reported
   * (the retry decides). Otherwise failed replicas are marked suspect and reported. Waiting for the
   * slow replicas, rather than answering at the quorum, keeps "replicas that missed an acknowledged
   * write" equal to "replicas this client reported": a later client cannot learn about unreported
   * ones, since the v1 placement map carries no per-replica staleness.
   */
  private CompletableFuture<Void> fanOutOnce(
      long stripe, Routing routing, String what, ReplicaCall call) {
    session.checkWritable();
    List<UUID> replicas = routing.bricks(stripe, 0);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int slot = 0; slot < replicas.size(); slot++) {
      try {
        faults.hit(FaultInjection.REPLICA_BEFORE_WRITE, stripe, 0, slot);
      } catch (RuntimeException crash) {
        session.crash(crash);
        return Futures.settleAll(sent).thenCompose(x -> Futures.failed(crash));
      }
      sent.add(call.call(session.channel(routing, replicas.get(slot)), routing.version()));
    }
    return Futures.settleAll(sent)
        .thenAccept(
            outcomes -> {
              Throwable fenced = null;
              Throwable moved = null;
              for (Outcome<Void> o : outcomes) {
                if (o.ok()) {
                  continue;
                }
                if (Failures.isFenced(o.failure())) {
                  fenced = o.failure();
                } else if (Failures.isPlacementChanged(o.failure())) {
                  moved = o.failure();
                }
              }
              if (fenced != null) {
                session.fence(fenced);
                throw new VolumeFencedException(
                    "a replica of stripe " + stripe + " fenced this client's " + what, fenced);
              }
              if (moved != null) {
                throw new CompletionException(moved); // retried whole under a refreshed map
              }
              int ok = 0;
              Throwable last = null;
              for (int slot = 0; slot < outcomes.size(); slot++) {
                Throwable e = outcomes.get(slot).failure();
                if (e == null) {
                  ok++;
                } else {
                  session.unitFailed(stripe, slot, replicas.get(slot), e);
                  last = e;
                }
              }
              if (ok < policy.writeQuorum()) {
                throw new VolumeUnavailableException(
                    what
                        + " of stripe "
                        + stripe
                        + " reached "
                        + ok
                        + " replicas, fewer than the write quorum of "
                        + policy.writeQuorum(),
                    last);
              }
            });
  }

  private CompletableFuture<Void> readFirstHealthy(long stripe, long off, ByteBuffer dst) {
    Routing routing = session.routing();
    List<UUID> replicas = routing.bricks(stripe, 0);
    List<Integer> order = new ArrayList<>();
    for (int slot = 0; slot < replicas.size(); slot++) {
      if (!session.isSuspect(stripe, slot, replicas.get(slot))) {
        order.add(slot);
      }
    }
    List<Integer> corrupt = new ArrayList<>();
    return tryReplica(routing, stripe, off, dst, replicas, order, 0, corrupt, null);
  }

  private CompletableFuture<Void> tryReplica(
      Routing routing,
      long stripe,
      long off,
      ByteBuffer dst,
      List<UUID> replicas,
      List<Integer> order,
      int i,
      List<Integer> corrupt,
      Throwable last) {
    session.checkAlive();
    if (i == order.size()) {
      return Futures.failed(
          new VolumeUnavailableException(
              "no healthy replica of stripe " + stripe + " could serve a read at " + off, last));
    }
    int slot = order.get(i);
    UUID brick = replicas.get(slot);
    return session
        .channel(routing, brick)
        .readShard(session.volumeId(), stripe, 0, off, dst.remaining())
        .handle(
            (data, e) -> {
              if (e == null) {
                dst.duplicate().put(data);
                if (!corrupt.isEmpty()) {
                  repairFrom(routing, stripe, off, dst.remaining(), replicas, slot, corrupt);
                }
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (Failures.isCorrupt(e)) {
                corrupt.add(slot);
              } else {
                session.unitFailed(stripe, slot, brick, e);
              }
              return tryReplica(routing, stripe, off, dst, replicas, order, i + 1, corrupt, e);
            })
        .thenCompose(f -> f);
  }

  /**
   * A quorum read without a lock first; if the replicas disagree (a write of this client may still
   * be landing on a slow replica after its quorum acknowledged), once more holding the region, so
   * every replica write of this client has settled.
   */
  private CompletableFuture<Void> readQuorumOrRetryLocked(long stripe, long off, ByteBuffer dst) {
    return readQuorum(stripe, off, dst)
        .exceptionallyCompose(
            e ->
                Futures.unwrap(e) instanceof VolumeUnavailableException
                    ? regions.runAll(
                        blocks(stripe, off, dst.remaining()), () -> readQuorum(stripe, off, dst))
                    : Futures.failed(Futures.unwrap(e)));
  }

  private CompletableFuture<Void> readQuorum(long stripe, long off, ByteBuffer dst) {
    Routing routing = session.routing();
    List<UUID> replicas = routing.bricks(stripe, 0);
    List<Integer> slots = new ArrayList<>();
    List<CompletableFuture<ByteBuffer>> reads = new ArrayList<>();
    for (int slot = 0; slot < replicas.size(); slot++) {
      if (!session.isSuspect(stripe, slot, replicas.get(slot))) {
        slots.add(slot);
        reads.add(
            session
                .channel(routing, replicas.get(slot))
                .readShard(session.volumeId(), stripe, 0, off, dst.remaining()));
      }
    }
    return Futures.settleAll(reads)
        .thenCompose(
            outcomes -> {
              QuorumVote vote = QuorumVote.count(slots, outcomes);
              for (int s : vote.failedSlots()) {
                if (!Failures.isCorrupt(vote.failure(s))) {
                  session.unitFailed(stripe, s, replicas.get(s), vote.failure(s));
                }
              }
              if (vote.winnerVotes() < policy.readQuorum()) {
                return Futures.failed(
                    new VolumeUnavailableException(
                        "read of stripe "
                            + stripe
                            + " at "
                            + off
                            + " got "
                            + vote.winnerVotes()
                            + " identical answers, the read quorum is "
                            + policy.readQuorum(),
                        null));
              }
              dst.duplicate().put(vote.winner().duplicate());
              List<Integer> toFix = new ArrayList<>(vote.dissentingSlots());
              for (int s : vote.failedSlots()) {
                if (Failures.isCorrupt(vote.failure(s))) {
                  toFix.add(s);
                }
              }
              if (!toFix.isEmpty()) {
                repairFrom(
                    routing, stripe, off, dst.remaining(), replicas, vote.winnerSlot(), toFix);
              }
              return CompletableFuture.<Void>completedFuture(null);
            });
  }

  /**
   * In the background, copies the 4 KiB-aligned blocks around {@code [off, off + len)} from replica
   * {@code goodSlot} to each of {@code badSlots}, holding the region so no write interleaves.
   */
  private void repairFrom(
      Routing routing,
      long stripe,
      long off,
      int len,
      List<UUID> replicas,
      int goodSlot,
      List<Integer> badSlots) {
    long from = off / BLOCK * BLOCK;
    long to = Math.min((off + len + BLOCK - 1) / BLOCK * BLOCK, session.volume().chunkSize());
    UUID volume = session.volumeId();
    regions.runAll(
        blocks(stripe, from, (int) (to - from)),
        () -> {
          if (session.isFenced() || session.isCrashed()) {
            return CompletableFuture.completedFuture(null);
          }
          return session
              .channel(routing, replicas.get(goodSlot))
              .readShard(volume, stripe, 0, from, (int) (to - from))
              .thenCompose(
                  good -> {
                    List<CompletableFuture<Void>> writes = new ArrayList<>();
                    for (int s : badSlots) {
                      UUID brick = replicas.get(s);
                      writes.add(
                          session
                              .channel(routing, brick)
                              .writeShard(
                                  volume,
                                  stripe,
                                  0,
                                  from,
                                  good.duplicate(),
                                  session.epoch(),
                                  routing.version())
                              .whenComplete(
                                  (v, e) -> {
                                    // refused for a placement change: the move copies the
                                    // stripe anyway; a later read repairs what is left
                                    if (e != null && !Failures.isPlacementChanged(e)) {
                                      session.unitFailed(stripe, s, brick, e);
                                    }
                                  }));
                    }
                    return Futures.settleAll(writes).thenAccept(x -> {});
                  })
              .exceptionally(e -> null);
        });
  }

  /** Outcome of a read-quorum vote. */
  private record QuorumVote(
      List<Integer> slots, List<Outcome<ByteBuffer>> outcomes, int winnerIndex, int winnerVotes) {

    static QuorumVote count(List<Integer> slots, List<Outcome<ByteBuffer>> outcomes) {
      int best = -1;
      int bestVotes = 0;
      for (int i = 0; i < outcomes.size(); i++) {
        if (!outcomes.get(i).ok()) {
          continue;
        }
        int votes = 0;
        for (Outcome<ByteBuffer> o : outcomes) {
          if (o.ok() && o.value().equals(outcomes.get(i).value())) {
            votes++;
          }
        }
        if (votes > bestVotes) {
          best = i;
          bestVotes = votes;
        }
      }
      return new QuorumVote(slots, outcomes, best, bestVotes);
    }

    ByteBuffer winner() {
      return outcomes.get(winnerIndex).value();
    }

    int winnerSlot() {
      return slots.get(winnerIndex);
    }

    List<Integer> failedSlots() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        if (!outcomes.get(i).ok()) {
          out.add(slots.get(i));
        }
      }
      return out;
    }

    Throwable failure(int slot) {
      return outcomes.get(slots.indexOf(slot)).failure();
    }

    List<Integer> dissentingSlots() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome<ByteBuffer> o = outcomes.get(i);
        if (o.ok() && winnerIndex >= 0 && !o.value().equals(winner())) {
          out.add(slots.get(i));
        }
      }
      return out;
    }
  }
}
