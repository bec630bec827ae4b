package io.hyperblock.client.session;

import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Routing, epoch and failure state of one attachment. Thread-safe; lookups are lock-free reads of
 * an immutable placement snapshot.
 */
public final class VolumeSession {

  /** A failed unit: unit {@code unit} of {@code stripe} on {@code brick}. */
  private record Suspect(long stripe, int unit, UUID brick) {}

  private record Routes(Placement placement, Map<Long, ChunkGroup> groups) {}

  private final VolumeInfo volume;
  private final long epoch;
  private final BrickConnector connector;
  private final FailureReporter reporter;
  private final Map<String, BrickChannel> channels = new ConcurrentHashMap<>();
  private final Map<Suspect, Long> suspects = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong failureSeq =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicReference<Throwable> fenced = new AtomicReference<>();
  private final AtomicReference<RuntimeException> crashed = new AtomicReference<>();
  private volatile Routes routes;

  public VolumeSession(
      VolumeInfo volume,
      long epoch,
      Placement placement,
      BrickConnector connector,
      FailureReporter reporter) {
    this.volume = Objects.requireNonNull(volume, "volume");
    this.epoch = epoch;
    this.connector = Objects.requireNonNull(connector, "connector");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    updatePlacement(placement);
  }

  public VolumeInfo volume() {
    return volume;
  }

  public UUID volumeId() {
    return volume.id();
  }

  /** The fencing epoch every mutation carries. */
  public long epoch() {
    return epoch;
  }

  /** Installs a newer placement map (the old one is kept if {@code placement} is older). */
  public synchronized void updatePlacement(Placement placement) {
    Routes current = routes;
    if (current != null && current.placement().map().version() > placement.map().version()) {
      return;
    }
    Map<Long, ChunkGroup> groups = new HashMap<>();
    for (ChunkGroup g : placement.map().groups()) {
      groups.put(g.stripeIndex(), g);
    }
    routes = new Routes(placement, groups);
  }

  /** The version of the cached placement map. */
  public long placementVersion() {
    return routes.placement().map().version();
  }

  /**
   * The bricks of location {@code location} of the stripe, in slot order: all replicas of a
   * replicated chunk (location 0), or the one brick of EC unit {@code location}.
   *
   * @throws IllegalStateException if the map has no such stripe or location
   */
  public List<UUID> bricks(long stripe, int location) {
    ChunkGroup g = routes.groups().get(stripe);
    if (g == null || location >= g.locations().size()) {
      throw new IllegalStateException(
          "placement map v"
              + placementVersion()
              + " of volume "
              + volume.name()
              + " has no location "
              + location
              + " for stripe "
              + stripe
              + "; refresh the placement map");
    }
    ChunkLocation loc = g.locations().get(location);
    return loc.brickIds();
  }

  /** The brick of EC unit {@code unit} of the stripe. */
  public UUID brick(long stripe, int unit) {
    return bricks(stripe, unit).getFirst();
  }

  /** Every brick the map names. */
  public Set<UUID> allBricks() {
    Set<UUID> all = new LinkedHashSet<>();
    for (ChunkGroup g : routes.placement().map().groups()) {
      g.locations().forEach(l -> all.addAll(l.brickIds()));
    }
    return all;
  }

  /** The placement groups, in stripe order. */
  public List<ChunkGroup> groups() {
    return routes.placement().map().groups();
  }

  /** The channel to a brick, opened on first use. */
  public BrickChannel channel(UUID brick) {
    String address = routes.placement().brickAddresses().get(brick);
    if (address == null) {
      throw new IllegalStateException(
          "placement map v" + placementVersion() + " has no address for brick " + brick);
    }
    return channels.computeIfAbsent(brick + "@" + address, k -> connector.connect(brick, address));
  }

  /** Whether unit {@code unit} of the stripe on {@code brick} failed in this session. */
  public boolean isSuspect(long stripe, int unit, UUID brick) {
    return !suspects.isEmpty() && suspects.containsKey(new Suspect(stripe, unit, brick));
  }

  /** Records a failed unit and reports it the first time. */
  public void unitFailed(long stripe, int unit, UUID brick, Throwable cause) {
    if (suspects.put(new Suspect(stripe, unit, brick), failureSeq.incrementAndGet()) == null) {
      reporter.report(stripe, unit, brick, String.valueOf(cause));
    }
  }

  /** Forgets a failure once the unit was repaired. */
  public void unitRepaired(long stripe, int unit, UUID brick) {
    suspects.remove(new Suspect(stripe, unit, brick));
  }

  /** A marker for {@link #clearSuspectsUpTo}: failures recorded later are newer than it. */
  public long failureMarker() {
    return failureSeq.get();
  }

  /**
   * Forgets the failures of {@code bricks} recorded up to {@code marker}: a recovery pass that
   * started after {@code marker} repaired every row those bricks' units had missed (the bricks'
   * stale marks say which), so their units may be read directly again.
   */
  public void clearSuspectsUpTo(long marker, Set<UUID> bricks) {
    suspects
        .entrySet()
        .removeIf(e -> e.getValue() <= marker && bricks.contains(e.getKey().brick()));
  }

  /** Number of suspect units (for tests and metrics). */
  public int suspectCount() {
    return suspects.size();
  }

  /** Marks the session fenced: a brick reported a newer epoch. */
  public void fence(Throwable cause) {
    fenced.compareAndSet(null, cause);
  }

  public boolean isFenced() {
    return fenced.get() != null;
  }

  /** Marks the session crashed (fault injection): every later operation fails. */
  public void crash(RuntimeException cause) {
    crashed.compareAndSet(null, cause);
  }

  /**
   * Throws unless the session may still write.
   *
   * @throws VolumeFencedException once a brick fenced this client
   * @throws IllegalStateException once the client crashed at an injection point
   */
  public void checkWritable() {
    checkAlive();
    Throwable f = fenced.get();
    if (f != null) {
      throw new VolumeFencedException(
          "volume "
              + volume.name()
              + " was attached by a newer writer (this client's epoch "
              + epoch
              + " is fenced); close this client",
          f);
    }
  }

  /** Throws if the client crashed at an injection point. */
  public void checkAlive() {
    RuntimeException c = crashed.get();
    if (c != null) {
      throw new IllegalStateException("client is dead: " + c.getMessage(), c);
    }
  }

  public boolean isCrashed() {
    return crashed.get() != null;
  }
}
