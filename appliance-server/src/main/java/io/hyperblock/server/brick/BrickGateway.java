package io.hyperblock.server.brick;

import java.util.Collection;
import java.util.UUID;

/**
 * Calls from the management server to bricks. Every call is best-effort towards each brick: a brick
 * that is down or slow is logged and skipped, never failing the operation that triggered the call
 * (a down brick learns the outcome when it comes back: it re-reads placement and epochs).
 */
public interface BrickGateway extends AutoCloseable {

  /**
   * Asks each brick to delete every unit of the volume, in the background.
   *
   * @param brickAddresses host:port of the bricks' BrickService
   * @param epoch a fencing epoch above any granted for the volume, so a late writer is refused
   */
  void deleteVolume(Collection<String> brickAddresses, UUID volumeId, long epoch);

  /**
   * Tells each brick the volume's new fencing epoch and waits (bounded) for the answers, so that
   * writers with older epochs are refused before the new attachment writes.
   *
   * @return how many bricks acknowledged
   */
  int observeEpoch(Collection<String> brickAddresses, UUID volumeId, long epoch);

  /** A volume's fencing epoch and placement floor, as a brick must know them (ADR 0009). */
  record VolumeFence(UUID volumeId, long epoch, long placementFloor) {}

  /**
   * Tells a brick that (re)registered the fencing epoch and placement floor of every volume it
   * holds units of, and waits (bounded) for the answers: a brick that was away during an attach or
   * a move must refuse the fenced writer and writers of the old map. Best effort; the leader's
   * healing round pushes again to bricks that come back UP. Test doubles may ignore it.
   */
  default void tellFences(String brickAddress, java.util.List<VolumeFence> fences) {}

  @Override
  void close();
}
