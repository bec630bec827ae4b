package io.hyperblock.brick;

import io.hyperblock.brick.store.ExtentShardStore;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;

/** The production shard store of a brick. */
final class BrickStores {
  private BrickStores() {}

  static ShardStore open(StoreConfig config) {
    return ExtentShardStore.open(config);
  }
}
