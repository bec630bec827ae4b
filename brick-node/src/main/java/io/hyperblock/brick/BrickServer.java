package io.hyperblock.brick;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.brick.grpc.BrickGrpcService;
import io.hyperblock.brick.identity.BrickIdentity;
import io.hyperblock.brick.identity.DurableFiles;
import io.hyperblock.brick.identity.IdentityException;
import io.hyperblock.brick.identity.IdentityFile;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.CapacitySnapshot;
import io.hyperblock.brick.registration.BrickRegistrar;
import io.hyperblock.brick.registration.RegistrationSettings;
import io.hyperblock.brick.repair.RepairGrpcService;
import io.hyperblock.brick.repair.SourceChannels;
import io.hyperblock.brick.repair.TokenBucket;
import io.hyperblock.brick.rows.RowGrpcService;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.scrub.BrickScrub;
import io.hyperblock.brick.scrub.ScrubConfig;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.brick.store.StoreStats;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A running brick: shard store, BrickService + health service on one gRPC port, {@code /metrics},
 * and registration/heartbeats. {@link #start} returns once the brick has an identity and serves;
 * {@link #close()} stops serving and closes the store (which flushes).
 *
 * <p>Startup order: load identity, open store, bind gRPC and metrics, write {@code brick.ports},
 * register (first start: block until the server answers and format the directory; later starts: one
 * attempt, and if the server is away keep going and retry in the background), then report SERVING
 * on the health service.
 */
public final class BrickServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BrickServer.class.getName());

  /** File in the data directory naming the bound ports, for scripts and tests. */
  public static final String PORTS_FILE = "brick.ports";

  /** Deadline of each call to the management server; a healthy one answers in milliseconds. */
  static final Duration SERVER_RPC_TIMEOUT = Duration.ofSeconds(5);

  private final BrickConfig config;
  private final ShardStore store;
  private final BrickMetrics metrics;
  private final HealthStatusManager health = new HealthStatusManager();
  private final CompletableFuture<IdentityException> stopped = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile IdentityException fatalReason;
  private Server grpc;
  private int metricsPort = -1;
  private ManagedChannel channel;
  private volatile BrickRegistrar registrar;
  private RowStore rows;
  private final SourceChannels repairSources = new SourceChannels();
  private volatile BrickScrub scrub;

  private BrickServer(BrickConfig config, ShardStore store) {
    this.config = config;
    this.store = store;
    this.metrics = new BrickMetrics(this::capacity);
  }

  /**
   * Starts a brick.
   *
   * @param storeOpener opens the shard store for the given settings
   * @throws IdentityException the data directory's identity is damaged, belongs to another cluster,
   *     or the server refused the brick: do not retry with the same directory and server
   * @throws IOException a port cannot be bound or the data directory cannot be written
   */
  public static BrickServer start(
      BrickConfig config, Clock clock, Function<StoreConfig, ShardStore> storeOpener)
      throws IdentityException, IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    IdentityFile identityFile = new IdentityFile(config.dataDir());
    BrickIdentity existing = identityFile.load().orElse(null);
    StoreConfig storeConfig =
        new StoreConfig(
            config.storeDir(),
            config.storeDir().resolve("journal"),
            config.capacity().bytes(),
            BrickGrpcService.maxIoBytes(),
            StoreConfig.JournalSync.ON_FLUSH,
            clock);
    BrickServer brick = new BrickServer(config, storeOpener.apply(storeConfig));
    try {
      brick.bind(clock);
      brick.register(identityFile, existing, clock);
      return brick;
    } catch (IdentityException | IOException | InterruptedException | RuntimeException e) {
      brick.close();
      throw e;
    }
  }

  private void bind(Clock clock) throws IOException {
    // Placement floors beside the fencing epochs; one gate for every client mutation (ADR 0009).
    PlacementGate gate = PlacementGate.open(config.storeDir(), clock);
    BrickGrpcService service = new BrickGrpcService(store, metrics, this::identity, gate);
    // Row metadata of EC units (ADR 0003) beside the shard store; replayed before serving.
    rows = RowStore.open(store, config.storeDir().resolve("rows"));
    grpc =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(config.bindAddress(), config.grpcPort()))
            .maxInboundMessageSize(BrickGrpcService.maxInboundMessageBytes())
            .addService(service)
            .addService(new RowGrpcService(rows, gate))
            .addService(
                new RepairGrpcService(
                    store, rows, gate, repairSources, clock, TokenBucket.Pause.SLEEP))
            .addService(health.getHealthService())
            .build()
            .start();
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(BrickServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    if (config.metricsPort() >= 0) {
      metricsPort = metrics.serve(config.bindAddress(), config.metricsPort());
    }
    String ports = "grpc=" + grpcPort() + "\nmetrics=" + metricsPort + "\n";
    DurableFiles.writeAtomically(
        config.dataDir().resolve(PORTS_FILE), ports.getBytes(StandardCharsets.UTF_8));
  }

  private void register(IdentityFile identityFile, BrickIdentity existing, Clock clock)
      throws IdentityException, InterruptedException {
    channel = NettyChannelBuilder.forTarget(config.server()).usePlaintext().build();
    RegistrationSettings settings =
        new RegistrationSettings(
            config.server(),
            config.datacenter(),
            config.rack(),
            config.host(),
            config.advertisedHost() + ":" + grpcPort(),
            config.dataDir().toAbsolutePath().toString(),
            config.heartbeatInterval(),
            config.registrationBackoffMin(),
            config.registrationBackoffMax(),
            SERVER_RPC_TIMEOUT);
    registrar =
        new BrickRegistrar(
            channel, settings, identityFile, existing, this::capacity, clock, this::fatal);
    if (existing == null) {
      registrar.registerBlocking();
    } else {
      try {
        registrar.registerOnce();
      } catch (StatusRuntimeException e) {
        LOG.log(
            Level.WARNING,
            "management server {0} unreachable ({1}); serving I/O and retrying registration",
            config.server(),
            e.getStatus());
      }
    }
    registrar.start();
    scrub =
        BrickScrub.start(
            store,
            channel,
            this::brickIdIfKnown,
            repairSources,
            clock,
            ScrubConfig.fromSystemProperties(),
            metrics.registry(),
            SERVER_RPC_TIMEOUT);
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(BrickServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
  }

  private Optional<BrickIdentity> identity() {
    BrickRegistrar r = registrar;
    return r == null ? Optional.empty() : r.identity();
  }

  private Optional<UUID> brickIdIfKnown() {
    return identity().map(BrickIdentity::brickId);
  }

  /** The brick's scrub (background CRC verification and repair), once it serves. */
  public BrickScrub scrub() {
    return scrub;
  }

  public UUID brickId() {
    return registrar.identity().orElseThrow().brickId();
  }

  public UUID clusterId() {
    return registrar.identity().orElseThrow().clusterId();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  /** The bound metrics port, or -1 when metrics are disabled. */
  public int metricsPort() {
    return metricsPort;
  }

  public BrickRegistrar registrar() {
    return registrar;
  }

  /**
   * Completes when the brick stops: with null after {@link #close()}, or with the reason when it
   * stopped itself because the server showed the directory belongs to another cluster.
   */
  public CompletableFuture<IdentityException> stopped() {
    return stopped.copy();
  }

  private void fatal(IdentityException e) {
    fatalReason = e;
    // Called on the registrar's thread, which close() waits for: close from another thread.
    Thread.ofPlatform().name("brick-fatal-stop").start(this::close);
  }

  private CapacitySnapshot capacity() {
    try {
      StoreStats s = store.stats();
      return new CapacitySnapshot(s.capacityBytes(), s.usedBytes(), s.freeBytes(), s.shardCount());
    } catch (IllegalStateException e) {
      return new CapacitySnapshot(config.capacity().bytes(), 0, 0, 0); // store closed
    }
  }

  /**
   * Stops serving, stops heartbeats and closes the store (flushing it). Idempotent; a concurrent
   * caller waits until the first one has finished closing the store.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      stopped.join();
      return;
    }
    try {
      shutDown();
    } finally {
      stopped.complete(fatalReason);
    }
  }

  private void shutDown() {
    health.enterTerminalState();
    if (scrub != null) {
      scrub.close();
    }
    if (grpc != null) {
      grpc.shutdown();
      try {
        if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
          grpc.shutdownNow();
        }
      } catch (InterruptedException e) {
        grpc.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (registrar != null) {
      registrar.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    metrics.close();
    repairSources.close();
    if (rows != null) {
      rows.close();
    }
    store.close();
  }
}
