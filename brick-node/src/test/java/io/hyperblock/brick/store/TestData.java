package io.hyperblock.brick.store;

import io.hyperblock.core.units.DataSize;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/** Shared helpers: deterministic payloads and small stores in a test's own directory. */
final class TestData {
  static final UUID VOLUME = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  static final ShardKey SHARD = new ShardKey(VOLUME, 7, 2);

  private TestData() {}

  static ExtentShardStore open(Path dir) {
    return ExtentShardStore.open(StoreConfig.defaults(dir, DataSize.ofBytes(64L << 20)));
  }

  static ExtentShardStore open(Path dir, long capacityBytes) {
    return ExtentShardStore.open(StoreConfig.defaults(dir, DataSize.ofBytes(capacityBytes)));
  }

  /** {@code length} pseudo-random non-zero bytes determined by {@code seed}. */
  static ByteBuffer payload(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    for (int i = 0; i < length; i++) {
      bytes[i] = bytes[i] == 0 ? 1 : bytes[i];
    }
    return ByteBuffer.wrap(bytes);
  }

  static byte[] read(ShardStore store, ShardKey key, long offset, int length) {
    ByteBuffer dst = ByteBuffer.allocate(length);
    store.read(key, offset, length, dst);
    return dst.array();
  }

  static byte[] bytes(ByteBuffer buf) {
    byte[] out = new byte[buf.remaining()];
    buf.duplicate().get(out);
    return out;
  }
}
