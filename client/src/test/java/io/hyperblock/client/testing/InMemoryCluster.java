package io.hyperblock.client.testing;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.metadata.Attachment;
import io.hyperblock.client.metadata.MetadataClient;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One volume on in-memory bricks with a fake management server: attach bumps the epoch and pushes
 * it to the bricks (fencing older writers), failures are recorded. Each stripe uses every brick,
 * rotated by stripe index, so killing j bricks costs every stripe j units.
 */
public final class InMemoryCluster implements MetadataClient, TestCluster {

  public final VolumeInfo volume;
  public final List<InMemoryBrick> bricks = new ArrayList<>();
  public final ConcurrentLinkedQueue<String> reports = new ConcurrentLinkedQueue<>();
  private final Map<UUID, String> addresses = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.Executor brickExecutor;
  private volatile Placement placement;
  private final AtomicLong epoch = new AtomicLong();
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  public InMemoryCluster(ProtectionPolicy policy, long size, long chunkSize, int stripeUnit) {
    this(policy, size, chunkSize, stripeUnit, null);
  }

  /**
   * @param brickExecutor where bricks complete their answers (e.g. a delayed executor to model
   *     latency); null for the cluster's own pool
   */
  public InMemoryCluster(
      ProtectionPolicy policy,
      long size,
      long chunkSize,
      int stripeUnit,
      java.util.concurrent.Executor brickExecutor) {
    this.volume = new VolumeInfo(UUID.randomUUID(), "vol", size, chunkSize, policy, stripeUnit);
    int n = policy.unitsPerStripe();
    this.brickExecutor = brickExecutor == null ? executor : brickExecutor;
    for (int i = 0; i < n; i++) {
      addBrick();
    }
    long stripes = (size + chunkSize - 1) / chunkSize;
    List<ChunkGroup> groups = new ArrayList<>();
    for (long s = 0; s < stripes; s++) {
      List<UUID> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(bricks.get((int) ((i + s) % n)).brickId());
      }
      List<ChunkLocation> locs = new ArrayList<>();
      if (policy instanceof ErasureCoded) {
        for (int i = 0; i < n; i++) {
          locs.add(
              new ChunkLocation(
                  ChunkLocation.shardChunkId(volume.id(), s, i), List.of(order.get(i))));
        }
      } else {
        locs.add(new ChunkLocation(ChunkLocation.replicaChunkId(volume.id(), s), order));
      }
      groups.add(new ChunkGroup(s, locs));
    }
    this.placement = new Placement(new PlacementMap(volume.id(), 1, groups), addresses);
  }

  /** Adds a brick no stripe uses yet (a move target); returns its index. */
  @Override
  public synchronized int addBrick() {
    int i = bricks.size();
    InMemoryBrick b = new InMemoryBrick(new UUID(0, i + 1), brickExecutor);
    bricks.add(b);
    addresses.put(b.brickId(), "mem:" + i);
    return i;
  }

  /** The version of the map the server hands out. */
  @Override
  public long placementVersion() {
    return placement.map().version();
  }

  /**
   * Moves unit (EC) or replica slot (replicated) {@code unit} of the stripe to brick {@code to}:
   * copies the shard (bytes and row metadata) from its holder, then serves a map one version newer
   * naming {@code to} instead. Freezes and floors are the caller's (see {@link #freezeStripe},
   * {@link #setPlacementFloor}), so tests choose the interleaving.
   *
   * @return the new map's version
   */
  @Override
  public synchronized long moveUnit(long stripe, int unit, int to) {
    InMemoryBrick from = holder(stripe, unit);
    InMemoryBrick target = bricks.get(to);
    boolean ec = volume.policy() instanceof ErasureCoded;
    from.copyShardTo(target, volume.id(), stripe, ec ? unit : 0);
    PlacementMap old = placement.map();
    List<ChunkGroup> groups = new ArrayList<>();
    for (ChunkGroup g : old.groups()) {
      if (g.stripeIndex() != stripe) {
        groups.add(g);
        continue;
      }
      List<ChunkLocation> locs = new ArrayList<>(g.locations());
      int at = ec ? unit : 0;
      ChunkLocation loc = locs.get(at);
      List<UUID> ids = new ArrayList<>(loc.brickIds());
      ids.set(ec ? 0 : unit, target.brickId());
      locs.set(at, new ChunkLocation(loc.chunkId(), ids));
      groups.add(new ChunkGroup(g.stripeIndex(), locs));
    }
    placement = new Placement(new PlacementMap(volume.id(), old.version() + 1, groups), addresses);
    return old.version() + 1;
  }

  /**
   * Lists brick {@code i}'s unit of the stripe as stale in the map the server hands out (as the
   * server does for units a client reported failed, until their resync).
   */
  public synchronized void markStale(long stripe, int i) {
    var stale = new java.util.HashSet<>(placement.stale());
    stale.add(new Placement.StaleUnit(stripe, bricks.get(i).brickId()));
    placement = new Placement(placement.map(), addresses, stale);
  }

  @Override
  public void freezeStripe(int i, long stripe) {
    bricks.get(i).freezeStripe(volume.id(), stripe);
  }

  @Override
  public void releaseStripe(int i, long stripe) {
    bricks.get(i).releaseStripe(volume.id(), stripe);
  }

  @Override
  public void setPlacementFloor(int i, long floor) {
    bricks.get(i).setPlacementFloor(volume.id(), floor, true);
  }

  @Override
  public VolumeInfo volume() {
    return volume;
  }

  @Override
  public int brickCount() {
    return bricks.size();
  }

  @Override
  public int brickOf(long stripe, int unit) {
    return bricks.indexOf(holder(stripe, unit));
  }

  @Override
  public void kill(int i) {
    bricks.get(i).setDown(true);
  }

  @Override
  public void revive(int i) {
    bricks.get(i).setDown(false);
  }

  @Override
  public boolean isDown(int i) {
    return bricks.get(i).isDown();
  }

  @Override
  public void corruptBlock(int i, long stripe, int shard, long shardOffset) {
    bricks.get(i).corruptBlock(volume.id(), stripe, shard, shardOffset);
  }

  @Override
  public CompletableFuture<java.nio.ByteBuffer> readShard(
      int i, long stripe, int shard, long offset, int length) {
    return bricks.get(i).readShard(volume.id(), stripe, shard, offset, length);
  }

  @Override
  public io.hyperblock.client.brick.RowMeta meta(int i, io.hyperblock.client.brick.UnitRef unit) {
    return bricks.get(i).meta(unit);
  }

  /** Attaches a new client (fencing the previous one). */
  @Override
  public VolumeClient open(VolumeClientConfig config) {
    return VolumeClient.open(
        volume.name(), config.withPlacementRefresh(Duration.ZERO), this, (id, addr) -> brick(id));
  }

  public InMemoryBrick brick(UUID id) {
    return bricks.stream().filter(b -> b.brickId().equals(id)).findFirst().orElseThrow();
  }

  private InMemoryBrick holder(long stripe, int unit) {
    ChunkGroup g = placement.map().groups().get((int) stripe);
    List<UUID> ids =
        g.locations().size() > 1
            ? g.locations().get(unit).brickIds()
            : List.of(g.locations().getFirst().brickIds().get(unit));
    return brick(ids.getFirst());
  }

  @Override
  public CompletableFuture<Attachment> attach(String volumeName, String clientId) {
    long e = epoch.incrementAndGet();
    bricks.forEach(b -> b.observeEpoch(volume.id(), e));
    return CompletableFuture.completedFuture(new Attachment(volume, e, placement));
  }

  @Override
  public CompletableFuture<Placement> placement(UUID volumeId) {
    return CompletableFuture.completedFuture(placement);
  }

  @Override
  public CompletableFuture<Void> detach(UUID volumeId, long epoch) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> reportFailure(
      UUID volumeId, long stripeIndex, int shardIndex, UUID brickId, long epoch, String reason) {
    reports.add(stripeIndex + "/" + shardIndex + "@" + brickId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
