package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.bridge.device.StaticExportRegistry;
import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transmission phase over a real socket ("Transmission", "Request types", "Ordering of messages and
 * writes"), with a gated in-memory device that holds chosen requests in flight.
 */
@Timeout(60)
class NbdTransmissionIT {

  private static final long SIZE = 1 << 20;

  private GatedBlockDevice device;
  private StaticExportRegistry registry;
  private NbdServer server;

  @BeforeEach
  void start() throws IOException {
    device = new GatedBlockDevice(SIZE);
    registry = new StaticExportRegistry().add("vol", device);
    server = new NbdServer(NbdConfig.defaults().withPort(0), registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void writtenBytesReadBackIdentically() throws IOException {
    byte[] data = new byte[64 * 1024];
    new Random(7).nextBytes(data);
    try (var c = new NbdTestClient(server.port())) {
      assertThat(c.go("vol")).isEqualTo(SIZE);
      c.request(0, NbdProtocol.CMD_WRITE, 1, 4096, data.length, data);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 1));
      c.request(0, NbdProtocol.CMD_READ, 2, 4096, data.length, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 2));
      assertThat(c.readData(data.length)).isEqualTo(data);
    }
  }

  @Test
  void repliesArriveInCompletionOrderMatchedByHandle() throws Exception {
    // "Transmission": replies need not follow request order; the handle correlates them.
    device.gate(0);
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_READ, 0xA, 0, 512, null);
      device.awaitArrival(0);
      c.request(0, NbdProtocol.CMD_WRITE, 0xB, 8192, 4, new byte[] {1, 2, 3, 4});
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 0xB));
      device.open(0);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 0xA));
      assertThat(c.readData(512)).isEqualTo(new byte[512]);
    }
    assertThat(server.stats().peakInFlightPerConnection()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void disconnectAnswersRequestsInFlightBeforeClosing() throws Exception {
    // "NBD_CMD_DISC": the server MUST handle all outstanding requests, then close.
    device.gate(0);
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_WRITE, 5, 0, 3, new byte[] {9, 9, 9});
      device.awaitArrival(0);
      c.request(0, NbdProtocol.CMD_DISC, 6, 0, 0, null);
      device.open(0);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 5));
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(device.memory.snapshot(0, 3)).containsExactly(9, 9, 9);
  }

  @Test
  void fuaAndFlushReachTheDevice() throws IOException {
    // "Ordering of messages and writes": FUA writes and FLUSH must be persisted before replying.
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_WRITE, 1, 512, 2, new byte[] {1, 1});
      c.readReply();
      c.request(0, NbdProtocol.CMD_FLUSH, 2, 0, 0, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 2));
    }
    assertThat(device.calls).containsSubsequence("write@512 fua", "flush");
  }

  @Test
  void writeZeroesClearsTheRangeAndTrimIsAccepted() throws IOException {
    byte[] ones = new byte[8192];
    Arrays.fill(ones, (byte) 1);
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_WRITE, 1, 0, ones.length, ones);
      c.readReply();
      c.request(NbdProtocol.CMD_FLAG_NO_HOLE, NbdProtocol.CMD_WRITE_ZEROES, 2, 1024, 2048, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 2));
      c.request(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_TRIM, 3, 4096, 4096, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 3));
    }
    byte[] after = device.memory.snapshot(0, 4096);
    assertThat(Arrays.copyOfRange(after, 1024, 3072)).containsOnly(0);
    assertThat(after[1023]).isEqualTo((byte) 1);
    assertThat(after[3072]).isEqualTo((byte) 1);
    assertThat(device.calls).contains("trim@4096+4096", "flush");
  }

  @Test
  void closingTheServerAnswersRequestsInFlightThenDisconnects() throws Exception {
    // "Terminating the transmission phase": on shutdown the server SHOULD first serve inflight
    // requests.
    device.gate(0);
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_READ, 7, 0, 512, null);
      device.awaitArrival(0);
      Thread closer = Thread.ofVirtual().start(server::close);
      device.open(0);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, 7));
      assertThat(c.readData(512)).hasSize(512);
      assertThat(c.closedByServer()).isTrue();
      closer.join();
    }
    assertThat(server.stats().activeConnections()).isZero();
  }

  @Test
  void requestsBeyondTheInFlightLimitWaitInTheSocket() throws Exception {
    server.close();
    server =
        new NbdServer(
            NbdConfig.defaults().withPort(0).withMaxInFlight(DataSize.parse("32MiB"), 2), registry);
    server.start();
    device.gate(0, 2);
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_READ, 1, 0, 512, null);
      c.request(0, NbdProtocol.CMD_READ, 2, 0, 512, null);
      device.awaitArrival(0); // both in flight: the limit's two permits are taken
      c.request(0, NbdProtocol.CMD_READ, 3, 0, 512, null); // no permit: the reader waits here
      c.request(0, 0x77, 4, 0, 512, null); // so this error cannot be answered before 1 or 2
      device.open(0);
      var first = c.readReply();
      assertThat(first.handle()).isIn(1L, 2L);
    }
    assertThat(server.stats().peakInFlightPerConnection()).isEqualTo(2);
  }
}
