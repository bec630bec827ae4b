package io.hyperblock.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.HeartbeatRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.protocol.v1.RegisterBrickResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brick stand-ins that speak the brick side of MetadataService: register (keeping id and cluster id
 * like a brick's data directory would), then heartbeat until {@link #silence}d. They serve no
 * BrickService; calls the server makes to them fail and are logged, which is all these tests need.
 */
public final class FakeBricks implements AutoCloseable {
  /** What one brick persisted. */
  public record Identity(String rack, String host, String brickId, String clusterId) {}

  private final List<Identity> identities = new ArrayList<>();
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
  private volatile ManagedChannel channel;

  /** {@code racks x perRack} bricks of 1 TiB, each on its own host. */
  public FakeBricks(int racks, int perRack) {
    for (int r = 0; r < racks; r++) {
      for (int i = 0; i < perRack; i++) {
        identities.add(new Identity("rack-" + r, "host-" + r + "-" + i, "", ""));
      }
    }
  }

  /** Points the bricks at a (new) server address, as a restarted brick would reconnect. */
  public void connect(int grpcPort) {
    if (channel != null) {
      channel.shutdownNow();
    }
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  public MetadataServiceGrpc.MetadataServiceBlockingStub stub() {
    return MetadataServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Registers every brick, keeping the ids and cluster id a previous registration gave. */
  public List<Identity> registerAll() {
    for (int i = 0; i < identities.size(); i++) {
      Identity id = identities.get(i);
      RegisterBrickResponse r =
          stub()
              .registerBrick(
                  RegisterBrickRequest.newBuilder()
                      .setBrickId(id.brickId())
                      .setClusterId(id.clusterId())
                      .setDatacenter("dc1")
                      .setRack(id.rack())
                      .setHost(id.host())
                      .setCapacityBytes(1L << 40)
                      .setAddress("127.0.0.1:" + (1 + i))
                      .setPath("/data/brick")
                      .build());
      identities.set(i, new Identity(id.rack(), id.host(), r.getBrickId(), r.getClusterId()));
    }
    return List.copyOf(identities);
  }

  /** Heartbeats every non-silent brick at this interval from now on. */
  public void heartbeatEvery(Duration interval) {
    heartbeats.scheduleAtFixedRate(
        () -> {
          for (Identity id : identities) {
            if (!silent.contains(id.brickId())) {
              try {
                stub()
                    .heartbeat(
                        HeartbeatRequest.newBuilder()
                            .setBrickId(id.brickId())
                            .setCapacityBytes(1L << 40)
                            .build());
              } catch (RuntimeException e) {
                // server restarting or electing: the next beat retries
              }
            }
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Stops or resumes one brick's heartbeats (a killed and restarted brick). */
  public void silence(String brickId, boolean quiet) {
    if (quiet) {
      silent.add(brickId);
    } else {
      silent.remove(brickId);
    }
  }

  public List<Identity> identities() {
    return List.copyOf(identities);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    if (channel != null) {
      channel.shutdownNow();
    }
  }
}
