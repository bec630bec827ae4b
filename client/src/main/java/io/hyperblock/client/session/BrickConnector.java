package io.hyperblock.client.session;

import io.hyperblock.client.brick.BrickChannel;
import java.util.UUID;

/** Opens a channel to a brick; the session caches one per brick and address. */
@FunctionalInterface
public interface BrickConnector {

  /**
   * A channel to {@code brickId} at {@code address} ({@code host:port}). Must not block on the
   * network: connection errors surface as failed futures of the channel's calls.
   */
  BrickChannel connect(UUID brickId, String address);
}
