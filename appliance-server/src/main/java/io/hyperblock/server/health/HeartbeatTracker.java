package io.hyperblock.server.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last heartbeat each brick sent to this member, in memory only: heartbeats arrive every few
 * seconds from every brick and must not cost a Raft commit each. A new leader starts with an empty
 * tracker and gives every brick a full down-after period to reach it. Thread-safe.
 */
public final class HeartbeatTracker {

  /**
   * One heartbeat.
   *
   * @param at when this member received it (its injected clock)
   */
  public record Heartbeat(Instant at, long capacityBytes, long usedBytes, long freeBytes) {}

  private final Map<UUID, Heartbeat> last = new ConcurrentHashMap<>();

  public void record(UUID brickId, Heartbeat heartbeat) {
    last.merge(brickId, heartbeat, (a, b) -> b.at().isBefore(a.at()) ? a : b);
  }

  /** The brick's latest heartbeat to this member, if any since it started. */
  public Optional<Heartbeat> last(UUID brickId) {
    return Optional.ofNullable(last.get(brickId));
  }
}
