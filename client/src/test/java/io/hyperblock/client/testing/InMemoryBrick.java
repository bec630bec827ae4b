package io.hyperblock.client.testing;

import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.brick.BrickCorruptDataException;
import io.hyperblock.client.brick.BrickFencedException;
import io.hyperblock.client.brick.BrickPlacementChangedException;
import io.hyperblock.client.brick.BrickUnavailableException;
import io.hyperblock.client.brick.DirtyUnit;
import io.hyperblock.client.brick.GenerationConflictException;
import io.hyperblock.client.brick.RowCommit;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitRead;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.brick.UnitWrite;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A test double of a brick: shards as byte arrays, RowService semantics (generations, vectors,
 * stale masks, rollback stacks) as rows.proto specifies, fencing epochs, placement floors and
 * stripe freezes (ADR 0009: a client mutation below the floor or of a frozen stripe is refused with
 * {@link BrickPlacementChangedException}, applying nothing), a kill switch and injectable block
 * corruption. One monitor guards all state (it is a test double, not a model of brick performance);
 * answers complete on {@code executor} so callers see real asynchrony.
 */
public final class InMemoryBrick implements BrickChannel {

  private static final int BLOCK = 4096;

  private record ShardId(UUID volume, long stripe, int shard) {}

  private record UnitId(UUID volume, long stripe, int shard, long row) {}

  private record StripeId(UUID volume, long stripe) {}

  private record Rollback(
      long generation, long prevGeneration, long[] prevVector, int offset, byte[] old) {}

  private static final class RowState {
    long generation;
    long[] vector = new long[0];
    long staleMask;
    long participants;
    final Deque<Rollback> open = new ArrayDeque<>();

    RowMeta meta() {
      long[] gens = open.stream().mapToLong(Rollback::generation).sorted().toArray();
      return new RowMeta(generation, vector, staleMask, gens);
    }
  }

  private final UUID id;
  private final Executor executor;
  private final Map<ShardId, byte[]> shards = new HashMap<>();
  private final Map<UnitId, RowState> rows = new HashMap<>();
  private final Map<UUID, Long> epochs = new HashMap<>();
  private final Set<String> corrupt = new HashSet<>();
  private final Map<UUID, Long> floors = new HashMap<>();
  private final Set<StripeId> frozen = new HashSet<>();
  private final java.util.concurrent.atomic.AtomicInteger placementRefusals =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger mutations =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean down;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  public InMemoryBrick(UUID id, Executor executor) {
    this.id = id;
    this.executor = executor;
  }

  @Override
  public UUID brickId() {
    return id;
  }

  /** Kills (true) or revives (false) the brick; a killed brick fails every call as unavailable. */
  public void setDown(boolean value) {
    down = value;
  }

  public boolean isDown() {
    return down;
  }

  /** Raises the volume's epoch, as the management server's attach does. */
  public synchronized void observeEpoch(UUID volume, long epoch) {
    epochs.merge(volume, epoch, Math::max);
  }

  /**
   * Freezes the stripe (RepairService.FreezeStripe): client mutations of it are refused with
   * PLACEMENT_CHANGED until {@link #releaseStripe}. Every mutation already inside the brick has
   * finished when this returns (one monitor guards all state).
   */
  public synchronized void freezeStripe(UUID volume, long stripe) {
    frozen.add(new StripeId(volume, stripe));
  }

  /** Releases a freeze of {@link #freezeStripe}. */
  public synchronized void releaseStripe(UUID volume, long stripe) {
    frozen.remove(new StripeId(volume, stripe));
  }

  /**
   * Raises the volume's placement floor (never lowers it) and releases the volume's freezes, as
   * RepairService.SetPlacementFloor naming their tokens does.
   */
  public synchronized void setPlacementFloor(UUID volume, long floor, boolean releaseFreezes) {
    floors.merge(volume, floor, Math::max);
    if (releaseFreezes) {
      frozen.removeIf(f -> f.volume().equals(volume));
    }
  }

  /** Client mutations refused with PLACEMENT_CHANGED so far. */
  public int placementRefusals() {
    return placementRefusals.get();
  }

  /** Client mutation calls (writes, trims, unit writes, rollbacks, marks) received so far. */
  public int mutations() {
    return mutations.get();
  }

  /**
   * Copies a shard's bytes and row metadata (generations, vectors, marks, open rollback records) to
   * {@code target}, as a unit move's copy does; the caller freezes the stripe around it.
   */
  public void copyShardTo(InMemoryBrick target, UUID volume, long stripe, int shard) {
    ShardId sid = new ShardId(volume, stripe, shard);
    byte[] bytes;
    Map<UnitId, RowState> copied = new HashMap<>();
    synchronized (this) {
      byte[] b = shards.get(sid);
      bytes = b == null ? null : b.clone();
      rows.forEach(
          (u, st) -> {
            if (u.volume().equals(volume) && u.stripe() == stripe && u.shard() == shard) {
              RowState c = new RowState();
              c.generation = st.generation;
              c.vector = st.vector.clone();
              c.staleMask = st.staleMask;
              c.participants = st.participants;
              c.open.addAll(st.open);
              copied.put(u, c);
            }
          });
    }
    synchronized (target) {
      if (bytes != null) {
        target.shards.put(sid, bytes);
      } else {
        target.shards.remove(sid);
      }
      target
          .rows
          .keySet()
          .removeIf(u -> u.volume().equals(volume) && u.stripe() == stripe && u.shard() == shard);
      target.rows.putAll(copied);
    }
  }

  /** Flips the 4 KiB block holding shard byte {@code offset}: reads of it fail with a CRC error. */
  public synchronized void corruptBlock(UUID volume, long stripe, int shard, long offset) {
    corrupt.add(volume + "/" + stripe + "/" + shard + "/" + offset / BLOCK);
  }

  public synchronized boolean isCorrupt(UUID volume, long stripe, int shard, long offset) {
    return corrupt.contains(volume + "/" + stripe + "/" + shard + "/" + offset / BLOCK);
  }

  /** The metadata of a unit (for assertions). */
  public synchronized RowMeta meta(UnitRef u) {
    RowState s = rows.get(unitId(u));
    return s == null ? RowMeta.EMPTY : s.meta();
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            if (down) {
              throw new BrickUnavailableException(id, "killed by the test", null);
            }
            synchronized (this) {
              return work.get();
            }
          } finally {
            inFlight.decrementAndGet();
          }
        },
        executor);
  }

  /** The most calls this brick had outstanding at once (for concurrency tests). */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public void resetMaxInFlight() {
    maxInFlight.set(inFlight.get());
  }

  private void fence(UUID volume, long epoch) {
    long highest = epochs.getOrDefault(volume, 0L);
    if (epoch < highest) {
      throw new BrickFencedException(
          id, "write epoch " + epoch + " is older than " + highest + "; fenced", null);
    }
    epochs.put(volume, epoch);
  }

  /** Counts a client mutation; refuses it if the stripe is frozen or below the floor. */
  private void checkPlacement(UUID volume, long stripe, long placementVersion) {
    long floor = floors.getOrDefault(volume, 0L);
    if (frozen.contains(new StripeId(volume, stripe))) {
      placementRefusals.incrementAndGet();
      throw new BrickPlacementChangedException(
          id, "stripe " + stripe + " is frozen for a unit move (PLACEMENT_CHANGED)", null);
    }
    if (placementVersion < floor) {
      placementRefusals.incrementAndGet();
      throw new BrickPlacementChangedException(
          id,
          "placement version "
              + placementVersion
              + " is below the floor "
              + floor
              + " (PLACEMENT_CHANGED)",
          null);
    }
  }

  private byte[] shard(ShardId s, long end) {
    byte[] b = shards.getOrDefault(s, new byte[0]);
    if (b.length < end) {
      byte[] bigger = new byte[(int) Math.max(end, b.length * 2L)];
      System.arraycopy(b, 0, bigger, 0, b.length);
      shards.put(s, bigger);
      b = bigger;
    }
    return b;
  }

  private byte[] readBytes(ShardId s, long offset, int length) {
    for (long blk = offset / BLOCK; length > 0 && blk <= (offset + length - 1) / BLOCK; blk++) {
      if (corrupt.contains(s.volume() + "/" + s.stripe() + "/" + s.shard() + "/" + blk)) {
        throw new BrickCorruptDataException(id, "block " + blk + " of " + s + " fails CRC", null);
      }
    }
    byte[] out = new byte[length];
    byte[] b = shards.get(s);
    if (b != null && offset < b.length) {
      System.arraycopy(b, (int) offset, out, 0, (int) Math.min(length, b.length - offset));
    }
    return out;
  }

  private void writeBytes(ShardId s, long offset, ByteBuffer data) {
    int len = data.remaining();
    for (long blk = offset / BLOCK; len > 0 && blk <= (offset + len - 1) / BLOCK; blk++) {
      String key = s.volume() + "/" + s.stripe() + "/" + s.shard() + "/" + blk;
      boolean whole = blk * BLOCK >= offset && (blk + 1) * BLOCK <= offset + len;
      if (corrupt.contains(key) && !whole) {
        throw new BrickCorruptDataException(id, "partial write into corrupt block " + blk, null);
      }
      corrupt.remove(key);
    }
    byte[] b = shard(s, offset + len);
    data.duplicate().get(b, (int) offset, len);
  }

  @Override
  public CompletableFuture<Void> writeShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      ByteBuffer data,
      long epoch,
      long placementVersion) {
    mutations.incrementAndGet();
    return async(
        () -> {
          fence(volume, epoch);
          checkPlacement(volume, stripe, placementVersion);
          writeBytes(new ShardId(volume, stripe, shard), offset, data);
          return null;
        });
  }

  @Override
  public CompletableFuture<ByteBuffer> readShard(
      UUID volume, long stripe, int shard, long offset, int length) {
    return async(
        () -> ByteBuffer.wrap(readBytes(new ShardId(volume, stripe, shard), offset, length)));
  }

  @Override
  public CompletableFuture<Void> trimShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      long length,
      long epoch,
      long placementVersion) {
    mutations.incrementAndGet();
    return async(
        () -> {
          fence(volume, epoch);
          checkPlacement(volume, stripe, placementVersion);
          writeBytes(new ShardId(volume, stripe, shard), offset, ByteBuffer.allocate((int) length));
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> flush() {
    return async(() -> null);
  }

  private static UnitId unitId(UnitRef u) {
    return new UnitId(u.volumeId(), u.stripeIndex(), u.shardIndex(), u.row());
  }

  private static ShardId shardId(UnitRef u) {
    return new ShardId(u.volumeId(), u.stripeIndex(), u.shardIndex());
  }

  @Override
  public CompletableFuture<UnitRead> readUnit(UnitRef unit, int offsetInUnit, int length) {
    return async(
        () -> {
          RowState s = rows.get(unitId(unit));
          RowMeta meta = s == null ? RowMeta.EMPTY : s.meta();
          byte[] bytes =
              length == 0
                  ? new byte[0]
                  : readBytes(shardId(unit), unit.shardOffset() + offsetInUnit, length);
          return new UnitRead(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), meta);
        });
  }

  @Override
  public CompletableFuture<RowMeta> writeUnit(
      UnitRef unit, int offsetInUnit, ByteBuffer data, UnitWrite how) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    mutations.incrementAndGet();
    return async(
        () -> {
          fence(unit.volumeId(), how.epoch());
          checkPlacement(unit.volumeId(), unit.stripeIndex(), how.placementVersion());
          RowState s = rows.computeIfAbsent(unitId(unit), k -> new RowState());
          if (how.conditional() && s.generation != how.expectedGeneration()) {
            throw new GenerationConflictException(
                id, "expected generation " + how.expectedGeneration() + " of " + unit, null);
          }
          long at = unit.shardOffset() + offsetInUnit;
          if (how.keepRollback()) {
            byte[] old = readBytes(shardId(unit), at, copy.remaining());
            s.open.push(
                new Rollback(how.newGeneration(), s.generation, s.vector, offsetInUnit, old));
            s.participants |= how.participants();
          }
          writeBytes(shardId(unit), at, copy);
          s.generation = how.newGeneration();
          s.vector = how.dataGenerations();
          return s.meta();
        });
  }

  @Override
  public CompletableFuture<Void> commit(UUID volume, List<RowCommit> commits) {
    return async(
        () -> {
          for (RowCommit c : commits) {
            RowState s = rows.get(new UnitId(volume, c.stripeIndex(), c.shardIndex(), c.row()));
            if (s != null) {
              s.open.removeIf(r -> r.generation() <= c.generation());
            }
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<RowMeta> rollback(
      UnitRef unit, long fromGeneration, long epoch, long placementVersion) {
    mutations.incrementAndGet();
    return async(
        () -> {
          fence(unit.volumeId(), epoch);
          checkPlacement(unit.volumeId(), unit.stripeIndex(), placementVersion);
          RowState s = rows.computeIfAbsent(unitId(unit), k -> new RowState());
          while (!s.open.isEmpty() && s.open.peek().generation() >= fromGeneration) {
            Rollback r = s.open.pop();
            writeBytes(shardId(unit), unit.shardOffset() + r.offset(), ByteBuffer.wrap(r.old()));
            s.generation = r.prevGeneration();
            s.vector = r.prevVector();
          }
          return s.meta();
        });
  }

  @Override
  public CompletableFuture<RowMeta> markStale(
      UnitRef unit, long setMask, long clearMask, long epoch, long placementVersion) {
    mutations.incrementAndGet();
    return async(
        () -> {
          fence(unit.volumeId(), epoch);
          checkPlacement(unit.volumeId(), unit.stripeIndex(), placementVersion);
          RowState s = rows.computeIfAbsent(unitId(unit), k -> new RowState());
          s.staleMask = (s.staleMask | setMask) & ~clearMask;
          return s.meta();
        });
  }

  @Override
  public CompletableFuture<List<DirtyUnit>> dirtyUnits(UUID volume) {
    return async(
        () -> {
          List<DirtyUnit> out = new ArrayList<>();
          rows.forEach(
              (u, s) -> {
                if (u.volume().equals(volume) && (!s.open.isEmpty() || s.staleMask != 0)) {
                  // the stripe unit is not stored per row here; recovery only needs the address
                  out.add(
                      new DirtyUnit(
                          new UnitRef(volume, u.stripe(), u.shard(), u.row(), 1),
                          s.meta(),
                          s.participants));
                }
              });
          return out;
        });
  }
}
