package io.hyperblock.brick.registration;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.identity.BrickIdentity;
import io.hyperblock.brick.identity.ForeignClusterException;
import io.hyperblock.brick.identity.IdentityException;
import io.hyperblock.brick.identity.IdentityFile;
import io.hyperblock.brick.metrics.CapacitySnapshot;
import io.hyperblock.protocol.v1.BrickState;
import io.hyperblock.protocol.v1.ClusterInfo;
import io.hyperblock.protocol.v1.GetClusterInfoRequest;
import io.hyperblock.protocol.v1.HeartbeatRequest;
import io.hyperblock.protocol.v1.HeartbeatResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.protocol.v1.RegisterBrickResponse;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Registers the brick with the management server and heartbeats while it runs.
 *
 * <p>First start (no identity file): {@link #registerBlocking()} retries RegisterBrick with empty
 * ids until the server answers, then formats the directory with the brick and cluster ids it gave.
 * If the brick dies between the server's answer and the file write, the server keeps a brick that
 * never heartbeats (it goes DOWN and can be removed); the directory stays unformatted and the next
 * start registers afresh, so no data is ever attributed to the wrong id.
 *
 * <p>Later starts: before every registration the server's cluster id is compared with the
 * directory's; a mismatch is fatal ({@link ForeignClusterException}) and is reported to the {@code
 * onFatal} callback by the background loop. Unreachable servers are retried with exponential
 * backoff while the brick keeps serving I/O.
 *
 * <p>Heartbeats run every interval (the server's {@code heartbeat_interval_ms} wins once it sends
 * one). A heartbeat answered NOT_FOUND (the server forgot the brick) triggers re-registration.
 */
public final class BrickRegistrar implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BrickRegistrar.class.getName());

  private final Channel channel;
  private final RegistrationSettings settings;
  private final IdentityFile identityFile;
  private final Supplier<CapacitySnapshot> capacity;
  private final Clock clock;
  private final Consumer<IdentityException> onFatal;
  private final Backoff backoff;
  private final ScheduledExecutorService timer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();
  private volatile BrickIdentity identity;
  private volatile Duration interval;
  private volatile boolean registered;
  private volatile Instant lastHeartbeat;
  private volatile BrickState lastState = BrickState.BRICK_STATE_UNSPECIFIED;

  /**
   * @param identity the directory's identity, or null if it is not formatted yet
   * @param onFatal called once, from the background thread, when the server shows the directory
   *     belongs to another cluster; the brick must stop
   */
  public BrickRegistrar(
      Channel channel,
      RegistrationSettings settings,
      IdentityFile identityFile,
      BrickIdentity identity,
      Supplier<CapacitySnapshot> capacity,
      Clock clock,
      Consumer<IdentityException> onFatal) {
    this.channel = channel;
    this.settings = settings;
    this.identityFile = identityFile;
    this.identity = identity;
    this.capacity = capacity;
    this.clock = clock;
    this.onFatal = onFatal;
    this.interval = settings.heartbeatInterval();
    this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("brick-registrar").unstarted(r));
  }

  public Optional<BrickIdentity> identity() {
    return Optional.ofNullable(identity);
  }

  public boolean registered() {
    return registered;
  }

  public long heartbeatsSent() {
    return heartbeats.get();
  }

  public long registrations() {
    return registrations.get();
  }

  /** When the last heartbeat was acknowledged, by the injected clock; empty if never. */
  public Optional<Instant> lastHeartbeat() {
    return Optional.ofNullable(lastHeartbeat);
  }

  /** The state the server reported in the last heartbeat answer. */
  public BrickState lastState() {
    return lastState;
  }

  /**
   * Registers, retrying with backoff while the server is unreachable; returns once registered.
   *
   * @throws IdentityException the directory belongs to another cluster, or the server refused
   * @throws IllegalStateException if {@link #close()} was called while waiting
   */
  public BrickIdentity registerBlocking() throws IdentityException, InterruptedException {
    while (true) {
      try {
        return registerOnce();
      } catch (StatusRuntimeException e) {
        Duration wait = backoff.next();
        LOG.log(
            Level.WARNING,
            "management server {0} unreachable ({1}); retrying registration in {2} ms",
            settings.server(),
            e.getStatus(),
            wait.toMillis());
        if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("brick stopped before it could register");
        }
      }
    }
  }

  /**
   * One registration attempt. Also checks the server's cluster id against the directory's.
   *
   * @throws StatusRuntimeException the server is unreachable or failed transiently: retry later
   * @throws IdentityException the directory belongs to another cluster or the server refused
   */
  public BrickIdentity registerOnce() throws IdentityException {
    var stub = MetadataServiceGrpc.newBlockingStub(channel);
    BrickIdentity id = identity;
    if (id != null) {
      ClusterInfo info =
          stub.withDeadlineAfter(settings.rpcTimeout())
              .getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
      checkCluster(id, info.getClusterId());
    }
    RegisterBrickRequest.Builder req =
        RegisterBrickRequest.newBuilder()
            .setDatacenter(settings.datacenter())
            .setRack(settings.rack())
            .setHost(settings.host())
            .setCapacityBytes(capacity.get().capacityBytes())
            .setAddress(settings.address())
            .setPath(settings.path());
    if (id != null) {
      req.setBrickId(id.brickId().toString()).setClusterId(id.clusterId().toString());
    } else {
      // Every first-registration attempt presents the same id (no cluster id yet), so a lost
      // answer or a restart cannot make the server record a second brick for this directory.
      req.setBrickId(identityFile.proposedBrickId().toString());
    }
    RegisterBrickResponse resp;
    try {
      resp = stub.withDeadlineAfter(settings.rpcTimeout()).registerBrick(req.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
          || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        throw new IdentityException(
            "the management server at "
                + settings.server()
                + " refused to register this brick: "
                + e.getStatus().getDescription(),
            e);
      }
      throw e;
    }
    if (id == null) {
      UUID brickId = parseId(resp.getBrickId(), "brick id");
      UUID clusterId = parseId(resp.getClusterId(), "cluster id");
      id = new BrickIdentity(brickId, clusterId, BrickIdentity.CURRENT_FORMAT, clock.instant());
      identityFile.create(id);
      identity = id;
      LOG.log(
          Level.INFO,
          "formatted {0} as brick {1} of cluster {2}",
          settings.path(),
          brickId,
          clusterId);
    } else {
      checkCluster(id, resp.getClusterId());
    }
    if (resp.getHeartbeatIntervalMs() > 0) {
      interval = Duration.ofMillis(resp.getHeartbeatIntervalMs());
    }
    registered = true;
    registrations.incrementAndGet();
    backoff.reset();
    return id;
  }

  /** Starts the background loop: (re)registration with backoff, then heartbeats. */
  public void start() {
    timer.execute(this::tick);
  }

  private void tick() {
    if (closed.getCount() == 0) {
      return;
    }
    Duration next;
    if (!registered) {
      try {
        registerOnce();
        next = interval;
      } catch (IdentityException e) {
        LOG.log(Level.ERROR, e.getMessage());
        onFatal.accept(e);
        return;
      } catch (StatusRuntimeException e) {
        next = backoff.next();
        LOG.log(Level.DEBUG, "registration with {0} failed: {1}", settings.server(), e.getStatus());
      }
    } else {
      next = heartbeat();
    }
    if (closed.getCount() != 0) {
      timer.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Duration heartbeat() {
    CapacitySnapshot c = capacity.get();
    try {
      HeartbeatResponse resp =
          MetadataServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(settings.rpcTimeout())
              .heartbeat(
                  HeartbeatRequest.newBuilder()
                      .setBrickId(identity.brickId().toString())
                      .setCapacityBytes(c.capacityBytes())
                      .setUsedBytes(c.usedBytes())
                      .setFreeBytes(c.freeBytes())
                      .build());
      heartbeats.incrementAndGet();
      lastHeartbeat = clock.instant();
      lastState = resp.getState();
      if (resp.getHeartbeatIntervalMs() > 0) {
        interval = Duration.ofMillis(resp.getHeartbeatIntervalMs());
      }
      return interval;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        LOG.log(
            Level.WARNING,
            "server {0} no longer knows this brick; re-registering",
            settings.server());
        registered = false;
        return Duration.ZERO;
      }
      LOG.log(Level.DEBUG, "heartbeat to {0} failed: {1}", settings.server(), e.getStatus());
      return interval;
    }
  }

  private void checkCluster(BrickIdentity id, String serverClusterText) throws IdentityException {
    UUID serverCluster = parseId(serverClusterText, "cluster id");
    if (!serverCluster.equals(id.clusterId())) {
      throw new ForeignClusterException(
          identityFile.path().getParent(), id.clusterId(), settings.server(), serverCluster);
    }
  }

  private UUID parseId(String text, String what) throws IdentityException {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IdentityException(
          "the management server at "
              + settings.server()
              + " sent a malformed "
              + what
              + " '"
              + text
              + "'; check that it is a Hyperblock management server of the same version",
          e);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
