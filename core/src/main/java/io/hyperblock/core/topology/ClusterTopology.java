package io.hyperblock.core.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An immutable, versioned snapshot of the failure-domain tree root -> datacenter -> rack -> host ->
 * brick. Datacenters, racks and hosts exist only through the bricks they contain.
 *
 * <p><b>Domain paths.</b> A rack is unique within its datacenter and a host within its rack, so a
 * domain is identified by its path: {@code ""} (ROOT), {@code "dc1"} (DATACENTER), {@code
 * "dc1/rackA"} (RACK), {@code "dc1/rackA/host3"} (HOST), {@code "dc1/rackA/host3/<brick uuid>"}
 * (BRICK, see {@link Brick#domainPath}). Names therefore may not contain {@code '/'}.
 *
 * <p><b>Weights.</b> {@link #weight} rolls up the weights of UP bricks (the capacity that can take
 * new data); {@link #layoutWeight} rolls up UP, DOWN and DRAINING bricks (what placement ranks
 * domains by, so that a brick going down moves only the units it held).
 *
 * <p>Edits ({@link #withBrick}, {@link #withBrickState}, {@link #withoutBrick}) return a new
 * validated snapshot with {@code version + 1}. Snapshots are safe to share between threads.
 */
public final class ClusterTopology {

  private final long version;
  private final List<Brick> bricks;
  private final Map<UUID, Brick> byId;
  private final Map<Class<?>, Object> derivedViews = new ConcurrentHashMap<>();

  private ClusterTopology(long version, List<Brick> bricks, Map<UUID, Brick> byId) {
    this.version = version;
    this.bricks = bricks;
    this.byId = byId;
  }

  /** A builder for a snapshot with version 0 and no bricks. */
  public static Builder builder() {
    return new Builder();
  }

  /** Version of this snapshot; every edit returns a snapshot with a higher one. */
  public long version() {
    return version;
  }

  /** All bricks in every state, in insertion order (a replaced brick keeps its position). */
  public List<Brick> bricks() {
    return bricks;
  }

  /** The brick with this id, or empty if the snapshot has none. */
  public Optional<Brick> brick(UUID id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** A snapshot with {@code brick} added, or replacing the brick with the same id; version + 1. */
  public ClusterTopology withBrick(Brick brick) {
    Builder b = builder().version(version + 1);
    boolean replaced = false;
    for (Brick existing : bricks) {
      if (brick != null && existing.id().equals(brick.id())) {
        b.addBrick(brick);
        replaced = true;
      } else {
        b.addBrick(existing);
      }
    }
    if (!replaced) {
      b.addBrick(brick);
    }
    return b.build();
  }

  /**
   * A snapshot with the brick's state changed; version + 1.
   *
   * @throws TopologyException if no brick has this id
   */
  public ClusterTopology withBrickState(UUID id, BrickState state) {
    return withBrick(require(id).withState(state));
  }

  /**
   * A snapshot without the brick (for history, prefer {@link BrickState#REMOVED}); version + 1.
   *
   * @throws TopologyException if no brick has this id
   */
  public ClusterTopology withoutBrick(UUID id) {
    require(id);
    Builder b = builder().version(version + 1);
    bricks.stream().filter(x -> !x.id().equals(id)).forEach(b::addBrick);
    return b.build();
  }

  /**
   * Rolled-up weight of the UP bricks inside the domain at {@code level} with this path (format in
   * the class comment); 0 for a domain with no UP brick or that does not exist.
   */
  public long weight(DomainLevel level, String domainPath) {
    return rollUp(level, domainPath, b -> b.state() == BrickState.UP);
  }

  /**
   * Rolled-up weight of the bricks in the layout ({@link Brick#inLayout()}: UP, DOWN, DRAINING)
   * inside the domain; 0 for an unknown domain.
   */
  public long layoutWeight(DomainLevel level, String domainPath) {
    return rollUp(level, domainPath, Brick::inLayout);
  }

  private long rollUp(
      DomainLevel level, String domainPath, java.util.function.Predicate<Brick> counted) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(domainPath, "domainPath");
    long sum = 0;
    for (Brick b : bricks) {
      if (counted.test(b) && b.domainPath(level).equals(domainPath)) {
        sum += b.weight(); // cannot overflow: build() checked the total
      }
    }
    return sum;
  }

  /**
   * A view derived from this snapshot (an index, a summary), computed at most once per snapshot and
   * type and cached: snapshots are immutable, so the view never goes stale. {@code compute} must be
   * a pure function of the snapshot and must not call this method for the same type.
   */
  public <T> T derivedView(Class<T> type, Function<ClusterTopology, T> compute) {
    return type.cast(derivedViews.computeIfAbsent(type, t -> compute.apply(this)));
  }

  private Brick require(UUID id) {
    Brick b = byId.get(id);
    if (b == null) {
      throw new TopologyException("no brick " + id + " in topology version " + version);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterTopology t && t.version == version && t.bricks.equals(bricks);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + bricks.hashCode();
  }

  /** Version and bricks, one {@code id@dc/rack/host:weight:STATE} each (for logs and tests). */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ClusterTopology[version=").append(version).append(", ");
    s.append(bricks.size()).append(" bricks");
    String sep = ": ";
    for (Brick b : bricks) {
      s.append(sep).append(b.id()).append('@').append(b.domainPath(DomainLevel.HOST));
      s.append(':').append(b.weight()).append(':').append(b.state());
      sep = ", ";
    }
    return s.append(']').toString();
  }

  /** Collects bricks; {@link #build()} validates them all at once. Not thread-safe. */
  public static final class Builder {
    private long version;
    private final List<Brick> bricks = new ArrayList<>();

    private Builder() {}

    /** The snapshot's version, at least 0. */
    public Builder version(long newVersion) {
      this.version = newVersion;
      return this;
    }

    /** Adds a brick; validated by {@link #build()}. */
    public Builder addBrick(Brick brick) {
      bricks.add(brick);
      return this;
    }

    /**
     * The validated snapshot.
     *
     * @throws TopologyException naming the offending brick and field: null or duplicate id, blank
     *     datacenter/rack/host (a brick outside a host), a name containing {@code '/'}, negative
     *     weight, missing state, blank data path, a data path used by two bricks on one host that
     *     are not REMOVED (a replacement brick may reuse a removed brick's directory), a total
     *     weight beyond {@code Long.MAX_VALUE}, or a negative version
     */
    public ClusterTopology build() {
      if (version < 0) {
        throw new TopologyException("topology version must be at least 0, got " + version);
      }
      Map<UUID, Brick> byId = new LinkedHashMap<>();
      Map<String, Brick> byHostPath = new LinkedHashMap<>();
      long total = 0;
      for (int i = 0; i < bricks.size(); i++) {
        Brick b = bricks.get(i);
        BrickValidation.check(b, i);
        Brick previous = byId.putIfAbsent(b.id(), b);
        if (previous != null) {
          throw new TopologyException(
              "brick "
                  + b.id()
                  + " appears twice (at "
                  + BrickValidation.where(previous)
                  + " and at "
                  + BrickValidation.where(b)
                  + "); brick ids must be unique");
        }
        // A REMOVED brick has left its host: its directory may be reused by a replacement brick.
        Brick sameDir =
            b.state() == BrickState.REMOVED
                ? null
                : byHostPath.putIfAbsent(BrickValidation.where(b), b);
        if (sameDir != null) {
          throw new TopologyException(
              "bricks "
                  + sameDir.id()
                  + " and "
                  + b.id()
                  + " both use data directory "
                  + BrickValidation.where(b)
                  + "; each brick needs its own directory");
        }
        try {
          total = Math.addExact(total, b.weight());
        } catch (ArithmeticException e) {
          throw new TopologyException(
              "total brick weight exceeds "
                  + Long.MAX_VALUE
                  + " at brick "
                  + b.id()
                  + "; use a coarser weight unit (e.g. MiB instead of bytes)");
        }
      }
      return new ClusterTopology(
          version, Collections.unmodifiableList(new ArrayList<>(bricks)), Map.copyOf(byId));
    }
  }
}
