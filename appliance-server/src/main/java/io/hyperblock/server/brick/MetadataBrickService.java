package io.hyperblock.server.brick;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@link BrickService} over the replicated topology plus this member's heartbeat tracker (so {@code
 * lastHeartbeat} and {@code usedBytes} are what this member heard; a follower that receives no
 * heartbeats reports none).
 */
public final class MetadataBrickService implements BrickService {

  /** Shortest prefix accepted: 8 hex digits make an accidental match very unlikely. */
  static final int MIN_PREFIX = 8;

  private final MetadataStore store;
  private final HeartbeatTracker heartbeats;

  public MetadataBrickService(MetadataStore store, HeartbeatTracker heartbeats) {
    this.store = store;
    this.heartbeats = heartbeats;
  }

  @Override
  public List<BrickInfo> list() {
    MetadataState state = store.state();
    return state.topology().bricks().stream()
        .sorted(
            Comparator.comparing(Brick::datacenter)
                .thenComparing(Brick::rack)
                .thenComparing(Brick::host)
                .thenComparing(Brick::id))
        .map(b -> info(state, b))
        .toList();
  }

  @Override
  public BrickInfo get(String idOrPrefix) {
    String prefix = idOrPrefix == null ? "" : idOrPrefix.trim().toLowerCase(Locale.ROOT);
    if (prefix.length() < MIN_PREFIX) {
      throw new ValidationException(
          "id",
          "brick id '"
              + idOrPrefix
              + "' is too short; give the full UUID or at least its first "
              + MIN_PREFIX
              + " characters");
    }
    MetadataState state = store.state();
    List<Brick> matches =
        state.topology().bricks().stream()
            .filter(b -> b.id().toString().startsWith(prefix))
            .toList();
    if (matches.isEmpty()) {
      throw new NotFoundException("brick", idOrPrefix);
    }
    if (matches.size() > 1) {
      throw new ValidationException(
          "id",
          "brick id prefix '"
              + idOrPrefix
              + "' matches "
              + matches.size()
              + " bricks; give more characters");
    }
    return info(state, matches.getFirst());
  }

  private BrickInfo info(MetadataState state, Brick b) {
    BrickRecord r = state.bricks().get(b.id());
    var hb = heartbeats.last(b.id());
    return new BrickInfo(
        b,
        r == null ? "" : r.address(),
        hb.map(HeartbeatTracker.Heartbeat::capacityBytes)
            .orElse(r == null ? b.weight() : r.capacityBytes()),
        hb.map(HeartbeatTracker.Heartbeat::usedBytes).orElse(0L),
        hb.map(HeartbeatTracker.Heartbeat::at).orElse(null),
        r == null ? null : r.registeredAt());
  }
}
