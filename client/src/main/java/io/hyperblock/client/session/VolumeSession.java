package io.hyperblock.client.session;

import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Routing, epoch and failure state of one attachment. Thread-safe; lookups are lock-free reads of
 * an immutable placement snapshot.
 */
public final class VolumeSession {

  /** A failed unit: unit {@code unit} of {@code stripe} on {@code brick}. */
  private record Suspect(long stripe, int unit, UUID brick) {}

  private final VolumeInfo volume;
  private final long epoch;
  private final BrickConnector connector;
  private final FailureReporter reporter;
  private final Supplier<CompletableFuture<Placement>> placementSource;
  private final Map<String, BrickChannel> channels = new ConcurrentHashMap<>();
  private final Map<Suspect, Long> suspects = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong failureSeq =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicReference<Throwable> fenced = new AtomicReference<>();
  private final AtomicReference<RuntimeException> crashed = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Long>> refreshing = new AtomicReference<>();
  private volatile Routing routing;

  /** A session whose map is refreshed only by {@link #updatePlacement}. */
  public VolumeSession(
      VolumeInfo volume,
      long epoch,
      Placement placement,
      BrickConnector connector,
      FailureReporter reporter) {
    this(volume, epoch, placement, connector, reporter, null);
  }

  /**
   * @param placementSource fetches the volume's current placement map from the management server
   *     ({@link #refreshPlacement}); null if there is none (a refresh then keeps the cached map)
   */
  public VolumeSession(
      VolumeInfo volume,
      long epoch,
      Placement placement,
      BrickConnector connector,
      FailureReporter reporter,
      Supplier<CompletableFuture<Placement>> placementSource) {
    this.volume = Objects.requireNonNull(volume, "volume");
    this.epoch = epoch;
    this.connector = Objects.requireNonNull(connector, "connector");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.placementSource =
        placementSource != null
            ? placementSource
            : () -> CompletableFuture.completedFuture(routing.placement());
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
    Routing current = routing;
    if (current != null && current.version() > placement.map().version()) {
      return;
    }
    routing = new Routing(volume.name(), placement);
  }

  /**
   * Fetches the placement map from the management server and installs it if newer. Concurrent
   * callers share one fetch: a call while a fetch is in flight returns that fetch's future.
   *
   * @return the version of the cached map afterwards (unchanged if the server had no newer one)
   */
  public CompletableFuture<Long> refreshPlacement() {
    while (true) {
      CompletableFuture<Long> inFlight = refreshing.get();
      if (inFlight != null) {
        return inFlight;
      }
      CompletableFuture<Long> mine = new CompletableFuture<>();
      if (!refreshing.compareAndSet(null, mine)) {
        continue;
      }
      CompletableFuture<Placement> fetch;
      try {
        fetch = placementSource.get();
      } catch (RuntimeException e) {
        fetch = CompletableFuture.failedFuture(e);
      }
      fetch.whenComplete(
          (p, e) -> {
            Throwable failure = e;
            if (failure == null) {
              try {
                updatePlacement(p);
              } catch (RuntimeException bad) {
                failure = bad;
              }
            }
            refreshing.compareAndSet(mine, null);
            if (failure == null) {
              mine.complete(placementVersion());
            } else {
              mine.completeExceptionally(Futures.unwrap(failure));
            }
          });
      return mine;
    }
  }

  /** The cached placement map: route one attempt of an operation by it. */
  public Routing routing() {
    return routing;
  }

  /** The version of the cached placement map. */
  public long placementVersion() {
    return routing.version();
  }

  /**
   * The bricks of location {@code location} of the stripe in the cached map (see {@link
   * Routing#bricks}).
   */
  public List<UUID> bricks(long stripe, int location) {
    return routing.bricks(stripe, location);
  }

  /** The brick of EC unit {@code unit} of the stripe in the cached map. */
  public UUID brick(long stripe, int unit) {
    return routing.brick(stripe, unit);
  }

  /** Every brick the cached map names. */
  public Set<UUID> allBricks() {
    return routing.allBricks();
  }

  /** The placement groups of the cached map, in stripe order. */
  public List<ChunkGroup> groups() {
    return routing.groups();
  }

  /** The channel to a brick of the cached map, opened on first use. */
  public BrickChannel channel(UUID brick) {
    return channel(routing, brick);
  }

  /** The channel to a brick {@code r} names, opened on first use. */
  public BrickChannel channel(Routing r, UUID brick) {
    String address = r.address(brick);
    if (address == null) {
      throw new IllegalStateException(
          "placement map v" + r.version() + " has no address for brick " + brick);
    }
    return channels.computeIfAbsent(brick + "@" + address, k -> connector.connect(brick, address));
  }

  /** Whether unit {@code unit} of the stripe on {@code brick} failed in this session. */
  public boolean isSuspect(long stripe, int unit, UUID brick) {
    return (!suspects.isEmpty() && suspects.containsKey(new Suspect(stripe, unit, brick)))
        || routing().placement().isStale(stripe, brick);
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
