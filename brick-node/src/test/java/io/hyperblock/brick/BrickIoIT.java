package io.hyperblock.brick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.DeleteVolumeRequest;
import io.hyperblock.protocol.v1.DeleteVolumeResponse;
import io.hyperblock.protocol.v1.FlushRequest;
import io.hyperblock.protocol.v1.ListChunksRequest;
import io.hyperblock.protocol.v1.ObserveEpochRequest;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.ShardPiece;
import io.hyperblock.protocol.v1.StatRequest;
import io.hyperblock.protocol.v1.StatResponse;
import io.hyperblock.protocol.v1.StreamShardRequest;
import io.hyperblock.protocol.v1.TrimRequest;
import io.hyperblock.protocol.v1.WriteShardRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** BrickService over real gRPC sockets against a real store: I/O, errors, health, metrics. */
@Timeout(120)
class BrickIoIT {
  @TempDir Path dir;
  private FakeMetadataServer mgmt;
  private BrickServer brick;
  private Client client;
  private final UUID volume = UUID.randomUUID();

  @BeforeEach
  void startBrick() throws Exception {
    mgmt = new FakeMetadataServer(UUID.randomUUID(), 1000, 0);
    brick = BrickLifecycleIT.start(BrickLifecycleIT.config(dir, mgmt.address()));
    client = new Client(brick.grpcPort());
  }

  @AfterEach
  void stopBrick() throws Exception {
    client.close();
    brick.close();
    mgmt.close();
  }

  @Test
  void writtenBytesReadBackAfterFlushAndUnwrittenRangesReadAsZeros() {
    byte[] data = new byte[10_000];
    new Random(42).nextBytes(data);
    assertThat(client.write(volume, 4096, data, 1)).isEqualTo(data.length);
    client.stub.flush(FlushRequest.newBuilder().setVolumeId(volume.toString()).build());

    assertThat(client.read(volume, 4096, data.length)).isEqualTo(data);
    assertThat(client.read(volume, 0, 4096)).isEqualTo(new byte[4096]);
    assertThat(client.read(UUID.randomUUID(), 0, 512)).isEqualTo(new byte[512]);
  }

  @Test
  void writeWithAnOlderEpochIsFencedWithFailedPrecondition() {
    client.stub.observeEpoch(
        ObserveEpochRequest.newBuilder().setVolumeId(volume.toString()).setEpoch(5).build());

    assertThatThrownBy(() -> client.write(volume, 0, new byte[] {7}, 3))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("write epoch 3 for volume " + volume)
                  .contains("epoch 5")
                  .contains("fenced");
            });
    assertThat(client.write(volume, 0, new byte[] {7}, 5)).isEqualTo(1);
  }

  @Test
  void malformedRequestsAreRejectedWithInvalidArgument() {
    assertInvalid(read("not-a-uuid", 0, 1, 0), "is not a UUID");
    assertInvalid(read(volume.toString(), -1, 1, 0), "offset -1 is negative");
    assertInvalid(read(volume.toString(), 0, 0, 0), "length 0 is out of range");
    assertInvalid(read(volume.toString(), 0, 17 << 20, 0), "split larger I/O");
    assertInvalid(read(volume.toString(), 0, 1, -2), "shard_index -2 is negative");
    assertInvalid(
        () ->
            client.stub.writeShard(
                WriteShardRequest.newBuilder()
                    .setVolumeId(volume.toString())
                    .setData(ByteString.copyFrom(new byte[1]))
                    .setEpoch(-1)
                    .build()),
        "epoch -1 is negative");
  }

  @Test
  void streamShardReturnsTheRangeInPieces() {
    byte[] data = new byte[3 << 20];
    new Random(7).nextBytes(data);
    for (int off = 0; off < data.length; off += 1 << 20) {
      client.write(volume, off, Arrays.copyOfRange(data, off, off + (1 << 20)), 1);
    }
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    Iterator<ShardPiece> pieces =
        client.stub.streamShard(
            StreamShardRequest.newBuilder()
                .setVolumeId(volume.toString())
                .setOffset(100)
                .setLength(data.length - 100)
                .build());
    long expectedOffset = 100;
    while (pieces.hasNext()) {
      ShardPiece p = pieces.next();
      assertThat(p.getOffset()).isEqualTo(expectedOffset);
      expectedOffset += p.getData().size();
      got.writeBytes(p.getData().toByteArray());
    }
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 100, data.length));
  }

  @Test
  void statReportsIdentityCapacityAndEpochs() {
    client.write(volume, 0, new byte[8192], 4);
    client.write(volume, 0, new byte[] {1}, 4);
    StatResponse stat = client.stub.stat(StatRequest.getDefaultInstance());
    assertThat(stat.getBrickId()).isEqualTo(brick.brickId().toString());
    assertThat(stat.getClusterId()).isEqualTo(mgmt.clusterId.toString());
    assertThat(stat.getCapacityBytes()).isEqualTo(BrickConfig.DEFAULT_CAPACITY.bytes());
    assertThat(stat.getUsedBytes()).isEqualTo(4096);
    assertThat(stat.getShardCount()).isEqualTo(1);
    assertThat(stat.getHighestEpochsList()).anySatisfy(e -> assertThat(e.getEpoch()).isEqualTo(4));
  }

  @Test
  void trimZerosARangeAndListChunksShowsTheShard() {
    byte[] ones = new byte[3 * 4096];
    Arrays.fill(ones, (byte) 1);
    client.write(volume, 0, ones, 2);
    client.stub.trim(
        TrimRequest.newBuilder()
            .setVolumeId(volume.toString())
            .setOffset(4096)
            .setLength(4096)
            .setEpoch(2)
            .build());
    byte[] expected = ones.clone();
    Arrays.fill(expected, 4096, 8192, (byte) 0);
    assertThat(client.read(volume, 0, ones.length)).isEqualTo(expected);

    List<ChunkInfo> chunks = new ArrayList<>();
    client.stub.listChunks(ListChunksRequest.getDefaultInstance()).forEachRemaining(chunks::add);
    assertThat(chunks)
        .singleElement()
        .satisfies(c -> assertThat(c.getVolumeId()).isEqualTo(volume.toString()));
  }

  @Test
  void deleteVolumeFreesItsShardsAndLaterFlushesSucceed() {
    byte[] ones = new byte[2 * 4096];
    Arrays.fill(ones, (byte) 1);
    client.write(volume, 0, ones, 2);
    DeleteVolumeResponse deleted =
        client.stub.deleteVolume(
            DeleteVolumeRequest.newBuilder().setVolumeId(volume.toString()).setEpoch(2).build());
    assertThat(deleted.getFreedBytes()).isEqualTo(2 * 4096);
    assertThat(client.stub.listChunks(ListChunksRequest.getDefaultInstance()).hasNext()).isFalse();
    assertThat(client.read(volume, 0, 4096)).isEqualTo(new byte[4096]);
    client.stub.flush(FlushRequest.getDefaultInstance());
  }

  @Test
  void healthServiceReportsServing() {
    var health = HealthGrpc.newBlockingStub(client.channel);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService(BrickServiceGrpc.SERVICE_NAME)
                        .build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void metricsEndpointCountsOperationsAndBytes() throws Exception {
    client.write(volume, 0, new byte[4096], 1);
    client.read(volume, 0, 4096);
    assertThatThrownBy(() -> client.read(volume, -1, 1)).isInstanceOf(StatusRuntimeException.class);

    HttpResponse<String> resp;
    try (HttpClient http = HttpClient.newHttpClient()) {
      resp =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + brick.metricsPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body())
        .contains("hyperblock_brick_ops_total{op=\"write\",outcome=\"ok\"} 1.0")
        .contains("hyperblock_brick_ops_total{op=\"read\",outcome=\"invalid_argument\"} 1.0")
        .contains("hyperblock_brick_bytes_total{op=\"read\"} 4096.0")
        .contains("hyperblock_brick_op_duration_seconds_count{op=\"write\"} 1")
        .contains("hyperblock_brick_used_bytes 0.0")
        .contains("hyperblock_brick_capacity_bytes");
  }

  private org.assertj.core.api.ThrowableAssert.ThrowingCallable read(
      String vol, long offset, int length, int shard) {
    return () ->
        client.stub.readShard(
            ReadShardRequest.newBuilder()
                .setVolumeId(vol)
                .setShardIndex(shard)
                .setOffset(offset)
                .setLength(length)
                .build());
  }

  private static void assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  /** A plaintext BrickService client on 127.0.0.1. */
  static final class Client implements AutoCloseable {
    final ManagedChannel channel;
    final BrickServiceGrpc.BrickServiceBlockingStub stub;

    Client(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      stub = BrickServiceGrpc.newBlockingStub(channel);
    }

    long write(UUID volume, long offset, byte[] data, long epoch) {
      return stub.writeShard(
              WriteShardRequest.newBuilder()
                  .setVolumeId(volume.toString())
                  .setOffset(offset)
                  .setData(ByteString.copyFrom(data))
                  .setEpoch(epoch)
                  .build())
          .getBytesWritten();
    }

    byte[] read(UUID volume, long offset, int length) {
      return stub.readShard(
              ReadShardRequest.newBuilder()
                  .setVolumeId(volume.toString())
                  .setOffset(offset)
                  .setLength(length)
                  .build())
          .getData()
          .toByteArray();
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
