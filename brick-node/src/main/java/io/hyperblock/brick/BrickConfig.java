package io.hyperblock.brick;

import io.hyperblock.core.units.DataSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of a brick, typed, in one place. {@link BrickMain} builds it from flags; tests
 * build it directly.
 *
 * @param dataDir directory holding identity, ports file and the shard store
 * @param server host:port of a management server's MetadataService
 * @param datacenter failure domain names reported at registration
 * @param rack rack name
 * @param host host name
 * @param capacity bytes this brick may store; the store refuses writes beyond it
 * @param bindAddress address the gRPC and metrics endpoints listen on
 * @param grpcPort BrickService port; 0 picks an ephemeral port
 * @param metricsPort Prometheus /metrics port; 0 picks an ephemeral port, -1 disables metrics
 * @param advertisedHost host name other components dial to reach this brick
 * @param heartbeatInterval heartbeat period until the server asks for another
 * @param registrationBackoffMin first retry delay while the server is unreachable
 * @param registrationBackoffMax retry delays double up to this
 */
public record BrickConfig(
    Path dataDir,
    String server,
    String datacenter,
    String rack,
    String host,
    DataSize capacity,
    String bindAddress,
    int grpcPort,
    int metricsPort,
    String advertisedHost,
    Duration heartbeatInterval,
    Duration registrationBackoffMin,
    Duration registrationBackoffMax) {

  public static final int DEFAULT_GRPC_PORT = 9100;
  public static final int DEFAULT_METRICS_PORT = 9101;
  public static final DataSize DEFAULT_CAPACITY = DataSize.parse("100GiB");
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(5);

  public BrickConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(capacity, "capacity");
    if (capacity.bytes() <= 0) {
      throw new IllegalArgumentException("brick capacity must be above 0 B, got " + capacity);
    }
    if (grpcPort < 0 || grpcPort > 65535) {
      throw new IllegalArgumentException("gRPC port must be 0..65535, got " + grpcPort);
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException(
          "metrics port must be 0..65535 (or -1 to disable), got " + metricsPort);
    }
    requirePositive(heartbeatInterval, "heartbeat interval");
    requirePositive(registrationBackoffMin, "registration backoff minimum");
    requirePositive(registrationBackoffMax, "registration backoff maximum");
    if (registrationBackoffMax.compareTo(registrationBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "registration backoff maximum "
              + registrationBackoffMax
              + " is below the minimum "
              + registrationBackoffMin);
    }
  }

  /** A config with defaults for everything but where the data lives and which server to use. */
  public static BrickConfig defaults(Path dataDir, String server) {
    return new BrickConfig(
        dataDir,
        server,
        "dc1",
        "rack1",
        "localhost",
        DEFAULT_CAPACITY,
        "127.0.0.1",
        DEFAULT_GRPC_PORT,
        DEFAULT_METRICS_PORT,
        "127.0.0.1",
        DEFAULT_HEARTBEAT,
        DEFAULT_BACKOFF_MIN,
        DEFAULT_BACKOFF_MAX);
  }

  /** Directory of the shard store inside the data directory. */
  public Path storeDir() {
    return dataDir.resolve("store");
  }

  public BrickConfig withPorts(int grpc, int metrics) {
    return new BrickConfig(
        dataDir,
        server,
        datacenter,
        rack,
        host,
        capacity,
        bindAddress,
        grpc,
        metrics,
        advertisedHost,
        heartbeatInterval,
        registrationBackoffMin,
        registrationBackoffMax);
  }

  public BrickConfig withServer(String newServer) {
    return new BrickConfig(
        dataDir,
        newServer,
        datacenter,
        rack,
        host,
        capacity,
        bindAddress,
        grpcPort,
        metricsPort,
        advertisedHost,
        heartbeatInterval,
        registrationBackoffMin,
        registrationBackoffMax);
  }

  public BrickConfig withTimings(Duration heartbeat, Duration backoffMin, Duration backoffMax) {
    return new BrickConfig(
        dataDir,
        server,
        datacenter,
        rack,
        host,
        capacity,
        bindAddress,
        grpcPort,
        metricsPort,
        advertisedHost,
        heartbeat,
        backoffMin,
        backoffMax);
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be above 0, got " + d);
    }
  }
}
