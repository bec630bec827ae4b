package io.hyperblock.client.it;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.hyperblock.brick.grpc.BrickGrpcService;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.CapacitySnapshot;
import io.hyperblock.brick.rows.RowGrpcService;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.store.ExtentShardStore;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real brick in this JVM: an {@link ExtentShardStore} and a {@link RowStore} in a temp directory,
 * served by brick-node's BrickService and RowService on 127.0.0.1. {@link #kill()} stops serving
 * and closes the stores mid-flight; {@link #revive()} reopens them (replaying the journals) on the
 * same port.
 */
final class LocalBrick implements AutoCloseable {

  final UUID id;
  private final Path dir;
  private int port;
  private Server server;
  private ShardStore store;
  private RowStore rows;
  private BrickMetrics metrics;

  LocalBrick(UUID id, Path dir) {
    this.id = id;
    this.dir = dir;
    start(0);
  }

  private void start(int onPort) {
    store =
        ExtentShardStore.open(StoreConfig.defaults(dir.resolve("store"), DataSize.parse("2GiB")));
    // -Dhb.rows.durability=PAGE_CACHE measures what the write-ahead sync costs (benchmark only)
    rows =
        RowStore.open(
            store,
            dir.resolve("rows"),
            RowStore.DEFAULT_COMPACT_BYTES,
            RowStore.Durability.valueOf(System.getProperty("hb.rows.durability", "WRITE_AHEAD")));
    metrics = new BrickMetrics(() -> new CapacitySnapshot(0, 0, 0, 0));
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
              .maxInboundMessageSize(BrickGrpcService.maxInboundMessageBytes())
              .addService(new BrickGrpcService(store, metrics, Optional::empty))
              .addService(new RowGrpcService(rows))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getPort();
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  synchronized boolean isDown() {
    return server == null;
  }

  synchronized void kill() {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    try {
      rows.close();
    } catch (RuntimeException ignored) {
      // a request cut mid-flight may have failed the journal; replay at revive handles it
    }
    store.close();
    metrics.close();
  }

  synchronized void revive() {
    if (server == null) {
      start(port);
    }
  }

  /** Flips 16 bytes at {@code shardOffset} of the shard's extent file, behind the store's back. */
  void corrupt(UUID volume, long stripe, int shard, long shardOffset) {
    Path extent = dir.resolve("store/shards/" + volume + "/" + stripe + "-" + shard + ".ext");
    try (FileChannel ch =
        FileChannel.open(extent, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(16);
      ch.read(b, shardOffset);
      for (int i = 0; i < 16; i++) {
        b.put(i, (byte) ~b.get(i));
      }
      ch.write(b.flip(), shardOffset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }
}
