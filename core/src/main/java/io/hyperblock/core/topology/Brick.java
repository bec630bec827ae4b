package io.hyperblock.core.topology;

import java.util.UUID;

/**
 * One brick: a storage server's data directory with a stable identity.
 *
 * @param id stable UUID, written into the brick's data directory on first start
 * @param datacenter datacenter name (unique in the cluster)
 * @param rack rack name (unique within its datacenter)
 * @param host host name (unique within its rack)
 * @param weight placement weight, normally the capacity in bytes; 0 takes no placements
 * @param state lifecycle state
 * @param path the brick's data directory on its host (informational)
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
}
