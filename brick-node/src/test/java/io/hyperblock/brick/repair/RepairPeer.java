package io.hyperblock.brick.repair;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.brick.grpc.BrickGrpcService;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.CapacitySnapshot;
import io.hyperblock.brick.rows.RowGrpcService;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.store.ExtentShardStore;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.RowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A brick's stores and its Brick, Row and Repair services on an ephemeral port of 127.0.0.1, in
 * this JVM: the sources and targets of rebuild tests.
 */
final class RepairPeer implements AutoCloseable {
  final ShardStore store;
  final RowStore rows;
  final PlacementGate gate;
  private final BrickMetrics metrics = new BrickMetrics(() -> new CapacitySnapshot(0, 0, 0, 0));
  private final SourceChannels sources = new SourceChannels();
  private final Server server;
  private ManagedChannel client;

  RepairPeer(Path dir) {
    this(dir, UnaryOperator.identity());
  }

  /**
   * @param storeConfig adjusts the store's configuration (clock, journal retention)
   */
  RepairPeer(Path dir, UnaryOperator<StoreConfig> storeConfig) {
    store =
        ExtentShardStore.open(
            storeConfig.apply(StoreConfig.defaults(dir.resolve("store"), DataSize.parse("1GiB"))));
    rows = RowStore.open(store, dir.resolve("rows"));
    gate = PlacementGate.open(dir.resolve("store"), Clock.systemUTC());
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .maxInboundMessageSize(BrickGrpcService.maxInboundMessageBytes())
              .addService(new BrickGrpcService(store, metrics, Optional::empty, gate))
              .addService(new RowGrpcService(rows, gate))
              .addService(
                  new RepairGrpcService(
                      store, rows, gate, sources, Clock.systemUTC(), TokenBucket.Pause.SLEEP))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  RepairServiceGrpc.RepairServiceBlockingStub repair() {
    return RepairServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** BrickService of this peer, as a client reaches it. */
  BrickServiceGrpc.BrickServiceBlockingStub brick() {
    return BrickServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** RowService of this peer, as a client reaches it. */
  RowServiceGrpc.RowServiceBlockingStub rowService() {
    return RowServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private synchronized ManagedChannel channel() {
    if (client == null) {
      client =
          NettyChannelBuilder.forTarget(address())
              .usePlaintext()
              .maxInboundMessageSize(BrickGrpcService.maxInboundMessageBytes())
              .build();
    }
    return client;
  }

  @Override
  public void close() throws InterruptedException {
    if (client != null) {
      client.shutdownNow();
    }
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    sources.close();
    rows.close();
    store.close();
    metrics.close();
  }

  /** {@code n} random bytes from {@code seed}. */
  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  /** This peer as a repair source (or fence) holding unit {@code shard} of the stripe. */
  io.hyperblock.protocol.v1.RepairSource asSource(int shard) {
    return io.hyperblock.protocol.v1.RepairSource.newBuilder()
        .setBrickId("b-" + address())
        .setAddress(address())
        .setShardIndex(shard)
        .build();
  }

  /** Drains a RebuildUnit progress stream; returns its last message. */
  static io.hyperblock.protocol.v1.RebuildUnitProgress last(
      java.util.Iterator<io.hyperblock.protocol.v1.RebuildUnitProgress> it) {
    io.hyperblock.protocol.v1.RebuildUnitProgress p = null;
    while (it.hasNext()) {
      p = it.next();
    }
    return p;
  }
}
