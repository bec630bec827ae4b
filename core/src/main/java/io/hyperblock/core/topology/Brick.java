package io.hyperblock.core.topology;

import java.util.UUID;

/**
 * One brick: a storage server's data directory with a stable identity.
 *
 * <p>The record itself accepts any values; {@link ClusterTopology.Builder#build()} validates a
 * brick in the context of its topology and names it in the error message.
 *
 * @param id stable UUID, written into the brick's data directory on first start
 * @param datacenter datacenter name (unique in the cluster; no {@code '/'})
 * @param rack rack name (unique within its datacenter; no {@code '/'})
 * @param host host name (unique within its rack; no {@code '/'})
 * @param weight placement weight, normally the capacity in bytes; 0 takes no placements
 * @param state lifecycle state
 * @param path the brick's data directory on its host (informational, unique per host among the
 *     bricks that are not REMOVED: a replacement may reuse a removed brick's directory)
 */
public record Brick(
    UUID id,
    String datacenter,
    String rack,
    String host,
    long weight,
    BrickState state,
    String path) {

  /** This brick in another state. */
  public Brick withState(BrickState newState) {
    return new Brick(id, datacenter, rack, host, weight, newState, path);
  }

  /** This brick with another weight. */
  public Brick withWeight(long newWeight) {
    return new Brick(id, datacenter, rack, host, newWeight, state, path);
  }

  /**
   * The path of the domain that contains this brick at {@code level}, in the format documented on
   * {@link ClusterTopology}: {@code ""} for ROOT, {@code "dc"}, {@code "dc/rack"}, {@code
   * "dc/rack/host"}, and {@code "dc/rack/host/<brick uuid>"} for BRICK.
   */
  public String domainPath(DomainLevel level) {
    return switch (level) {
      case ROOT -> "";
      case DATACENTER -> datacenter;
      case RACK -> datacenter + "/" + rack;
      case HOST -> datacenter + "/" + rack + "/" + host;
      case BRICK -> datacenter + "/" + rack + "/" + host + "/" + id;
    };
  }

  /**
   * Whether this brick counts towards the placement weight of its domains: UP, DOWN and DRAINING
   * bricks still belong to the layout (DOWN and DRAINING ones are skipped when a brick is picked,
   * so their absence moves only the units they held); DRAINED and REMOVED bricks have left it.
   */
  public boolean inLayout() {
    return state == BrickState.UP || state == BrickState.DOWN || state == BrickState.DRAINING;
  }

  /** Whether TopoHash may place a new unit here: UP and a positive weight. */
  public boolean takesPlacements() {
    return state != null && state.acceptsNewPlacements() && weight > 0;
  }
}
