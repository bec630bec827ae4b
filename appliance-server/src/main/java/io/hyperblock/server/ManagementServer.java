package io.hyperblock.server;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.brick.GrpcBrickGateway;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.cluster.ClusterBootstrap;
import io.hyperblock.server.cluster.MetadataClusterService;
import io.hyperblock.server.grpc.MetadataGrpcService;
import io.hyperblock.server.health.HealthMonitor;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.MemberEndpoint;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.ReadinessGatedStore;
import io.hyperblock.server.metadata.ratis.RaftMemberConfig;
import io.hyperblock.server.metadata.ratis.RatisMetadataStore;
import io.hyperblock.server.rest.RestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One management server: a metadata group member, its health monitor, the gRPC MetadataService and
 * the REST API. {@link #start} returns once every listener is bound; {@link #awaitReady} waits for
 * a leader and a cluster id. {@link #close} stops the listeners first, then the member.
 */
public final class ManagementServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  private final ServerConfig config;
  private final MetadataStore store;
  private final BrickGateway brickGateway;
  private final MetadataGrpcService grpcService;
  private final Server grpc;
  private final RestServer rest;
  private final Observability observability;
  private final ScheduledExecutorService scheduler;
  private final ClusterBootstrap bootstrap;
  private final VolumeService volumes;
  private final int raftPort;
  private final io.hyperblock.server.healing.HealingService healing;
  private final io.hyperblock.server.migration.MigrationService migrations;

  private ManagementServer(Parts p) {
    this.config = p.config;
    this.store = p.store;
    this.brickGateway = p.brickGateway;
    this.grpcService = p.grpcService;
    this.grpc = p.grpc;
    this.rest = p.rest;
    this.observability = p.observability;
    this.scheduler = p.scheduler;
    this.bootstrap = p.bootstrap;
    this.volumes = p.volumes;
    this.raftPort = p.raftPort;
    this.healing = p.healing;
    this.migrations = p.migrations;
  }

  private static final class Parts {
    ServerConfig config;
    MetadataStore store;
    BrickGateway brickGateway;
    MetadataGrpcService grpcService;
    Server grpc;
    RestServer rest;
    Observability observability;
    ScheduledExecutorService scheduler;
    ClusterBootstrap bootstrap;
    VolumeService volumes;
    int raftPort;
    io.hyperblock.server.healing.HealingService healing;
    io.hyperblock.server.migration.MigrationService migrations;
  }

  /**
   * Starts every component.
   *
   * @throws IOException a port cannot be bound or the data directory cannot be used
   */
  public static ManagementServer start(ServerConfig config, Clock clock) throws IOException {
    Parts p = new Parts();
    p.config = config;
    Map<String, String> peers = config.peers();
    if (peers.isEmpty()) {
      p.raftPort = config.raftPort() == 0 ? freePort(config.bindHost()) : config.raftPort();
      peers = Map.of(config.memberId(), config.bindHost() + ":" + p.raftPort);
    } else {
      String own = peers.get(config.memberId());
      p.raftPort = Integer.parseInt(own.substring(own.lastIndexOf(':') + 1));
    }
    AdminToken token = AdminToken.ensure(config.dataDir());
    RatisMetadataStore store =
        RatisMetadataStore.start(
            new RaftMemberConfig(
                config.memberId(),
                peers,
                config.dataDir().resolve("raft"),
                config.snapshotEvery(),
                config.submitTimeout()));
    p.store = store;
    try {
      wire(p, clock, token);
    } catch (IOException | RuntimeException e) {
      new ManagementServer(p).close();
      throw e;
    }
    return new ManagementServer(p);
  }

  private static void wire(Parts p, Clock clock, AdminToken token) throws IOException {
    ServerConfig c = p.config;
    HeartbeatTracker heartbeats = new HeartbeatTracker();
    // Services read through the gate: refused until this run's bootstrap is applied (recovered).
    var bootstrapRef = new java.util.concurrent.atomic.AtomicReference<ClusterBootstrap>();
    MetadataStore gated =
        new ReadinessGatedStore(
            p.store, () -> bootstrapRef.get() != null && bootstrapRef.get().done());
    p.scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().factory());
    HealthMonitor monitor = new HealthMonitor(p.store, heartbeats, clock, c.health(), p.scheduler);
    p.brickGateway = new GrpcBrickGateway(Duration.ofSeconds(5));
    p.volumes =
        new io.hyperblock.server.volume.MetadataVolumeService(
            gated, p.brickGateway, clock, UUID::randomUUID);
    BrickService bricks = new MetadataBrickService(gated, heartbeats);
    ClusterService cluster =
        new io.hyperblock.server.healing.MetadataRebuildService(
                gated, () -> p.healing == null ? Map.of() : p.healing.coordinator().liveProgress())
            .attachTo(
                new MetadataClusterService(
                    gated,
                    bricks,
                    new io.hyperblock.server.migration.MetadataMaintenanceService(
                        gated, bricks, clock)));
    p.grpcService =
        new MetadataGrpcService(gated, monitor, p.brickGateway, clock, UUID::randomUUID);
    p.grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(c.bindHost(), c.grpcPort()))
            .addService(p.grpcService)
            .maxInboundMessageSize(64 << 20)
            .build()
            .start();
    p.observability = Observability.open(c.dataDir(), p.volumes, bricks, clock);
    p.rest =
        RestServer.start(
            c.bindHost(), c.restPort(), p.volumes, bricks, cluster, token, p.observability, clock);
    String host =
        c.bindHost().equals("0.0.0.0")
            ? java.net.InetAddress.getLocalHost().getHostName()
            : c.bindHost();
    p.bootstrap =
        new ClusterBootstrap(
            p.store,
            new MemberEndpoint(
                c.memberId(), host + ":" + p.grpc.getPort(), host + ":" + p.rest.port()),
            clock,
            UUID::randomUUID);
    ClusterBootstrap bootstrap = p.bootstrap;
    bootstrapRef.set(bootstrap);
    p.scheduler.scheduleWithFixedDelay(
        () -> {
          if (!bootstrap.done()) {
            bootstrap.tick();
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    long scanMs = c.health().scanInterval().toMillis();
    p.scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            monitor.scan();
          } catch (RuntimeException e) {
            LOG.warn("health scan failed", e);
          }
        },
        scanMs,
        scanMs,
        TimeUnit.MILLISECONDS);
    p.healing =
        io.hyperblock.server.healing.HealingService.start(
            p.store, bootstrap::done, clock, c.healing());
    p.observability.rebuildsFrom(p.healing.coordinator()::progress);
    p.migrations =
        io.hyperblock.server.migration.MigrationService.start(
            p.store,
            bootstrap::done,
            clock,
            p.healing.coordinator().config().tickInterval(),
            // Moves are fenced (ADR 0009), so writers cannot use a drained brick; readers with
            // a cached map may, until they refresh: its shards are kept that long.
            io.hyperblock.server.healing.HealingConfig.reclaimAfter(),
            p.scheduler);
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until the group has a leader, the cluster has an id and this member's endpoints are
   * published.
   *
   * @return whether that happened within the timeout
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (store.leaderId().isPresent() && bootstrap != null && bootstrap.done()) {
        return true;
      }
      Thread.sleep(50); // polling a condition with a deadline, not a fixed wait
    }
    return false;
  }

  public String memberId() {
    return config.memberId();
  }

  /** False once the metadata member stopped (see {@link MetadataStore#running()}). */
  public boolean running() {
    return store.running();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int restPort() {
    return rest.port();
  }

  public int raftPort() {
    return raftPort;
  }

  public MetadataStore store() {
    return store;
  }

  public VolumeService volumes() {
    return volumes;
  }

  /** Rebuild execution (only the leader's coordinator acts). */
  public io.hyperblock.server.healing.HealingService healing() {
    return healing;
  }

  @Override
  public void close() {
    if (migrations != null) {
      migrations.close();
    }
    if (healing != null) {
      healing.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (rest != null) {
      rest.close();
    }
    if (observability != null) {
      observability.close();
    }
    if (grpc != null) {
      grpc.shutdownNow();
    }
    if (grpcService != null) {
      grpcService.close();
    }
    if (brickGateway != null) {
      brickGateway.close();
    }
    if (store != null) {
      store.close();
    }
    LOG.info("management server {} stopped", config.memberId());
  }
}
