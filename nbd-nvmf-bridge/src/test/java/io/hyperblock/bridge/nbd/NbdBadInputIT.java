package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.bridge.device.MemoryBlockDevice;
import io.hyperblock.bridge.device.StaticExportRegistry;
import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input over a real socket: well-formed but invalid requests get the spec's error and the
 * connection goes on; framing violations close only that connection; the server keeps serving.
 */
@Timeout(60)
class NbdBadInputIT {

  private static final long SIZE = 1 << 20;
  private static final int MAX_REQUEST = 64 * 1024;

  private StaticExportRegistry registry;
  private NbdServer server;

  @BeforeEach
  void start() throws IOException {
    // a handshake deadline of seconds: every test but the silent client's negotiates in time even
    // on a loaded machine (300 ms for all of them failed now and then)
    start(Duration.ofSeconds(10));
  }

  private void start(Duration handshakeTimeout) throws IOException {
    if (server != null) {
      server.close();
      registry.close();
    }
    registry = new StaticExportRegistry().add("vol", new MemoryBlockDevice(SIZE));
    NbdConfig config =
        NbdConfig.defaults()
            .withPort(0)
            .withMaxConnections(4)
            .withMaxRequestSize(DataSize.ofBytes(MAX_REQUEST))
            .withHandshakeTimeout(handshakeTimeout);
    server = new NbdServer(config, registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void unknownExportInGoGetsErrUnknownAndTheHandshakeGoesOn() throws IOException {
    // "NBD_OPT_INFO and NBD_OPT_GO": NBD_REP_ERR_UNKNOWN for an export the server does not have.
    try (var c = new NbdTestClient(server.port())) {
      c.greet();
      c.sendOption(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("nope"));
      var reply = c.readOptionReply();
      assertThat(reply.type()).isEqualTo(NbdProtocol.REP_ERR_UNKNOWN);
      assertThat(new String(reply.data(), StandardCharsets.UTF_8)).contains("'nope'");
      c.sendOption(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("vol"));
      assertThat(c.readOptionReply().type()).isEqualTo(NbdProtocol.REP_INFO);
    }
  }

  @Test
  void unknownExportInExportNameClosesTheConnection() throws IOException {
    // "NBD_OPT_EXPORT_NAME": it cannot fail with an error, so the server MUST terminate.
    try (var c = new NbdTestClient(server.port())) {
      c.greet();
      c.sendOption(NbdProtocol.OPT_EXPORT_NAME, "nope".getBytes(StandardCharsets.UTF_8));
      assertThat(c.closedByServer()).isTrue();
    }
    assertServerStillServes();
  }

  @Test
  void outOfRangeReadGetsEinvalAndWriteGetsEnospc() throws IOException {
    // "Request types": reads past the end EINVAL; writes past the end SHOULD be ENOSPC.
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, NbdProtocol.CMD_READ, 1, SIZE - 512, 1024, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 1));
      c.request(0, NbdProtocol.CMD_WRITE, 2, SIZE, 4, new byte[4]);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(28, 2));
      c.request(0, NbdProtocol.CMD_READ, 3, -4096L, 4096, null); // offset 2^64 - 4096
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 3));
      c.request(0, NbdProtocol.CMD_WRITE_ZEROES, 4, 0, SIZE + 1, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(28, 4));
      assertReadWorks(c, 5);
    }
  }

  @Test
  void oversizedWriteIsRefusedAndItsPayloadSkippedSoTheStreamStaysInSync() throws IOException {
    // "Block size constraints": requests above the advertised maximum MAY fail with EINVAL.
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      byte[] big = new byte[MAX_REQUEST + 1];
      big[0] = 0x25; // would look like a request magic if the server lost sync
      c.request(0, NbdProtocol.CMD_WRITE, 1, 0, big.length, big);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 1));
      c.request(0, NbdProtocol.CMD_READ, 2, 0, MAX_REQUEST + 1, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 2));
      assertReadWorks(c, 3);
    }
  }

  @Test
  void unknownCommandsAndUnnegotiatedFlagsGetEinval() throws IOException {
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.request(0, 7, 1, 0, 512, null); // NBD_CMD_BLOCK_STATUS: needs metadata contexts
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 1));
      c.request(0, 0x1234, 2, 0, 512, null);
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 2));
      c.request(1 << 2, NbdProtocol.CMD_READ, 3, 0, 512, null); // NBD_CMD_FLAG_DF
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 3));
      c.request(0, NbdProtocol.CMD_READ, 4, 0, 0, null); // zero length
      assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(22, 4));
      assertReadWorks(c, 5);
    }
  }

  @Test
  void badRequestMagicClosesOnlyThatConnection() throws IOException {
    try (var c = new NbdTestClient(server.port())) {
      c.go("vol");
      c.out.write(new byte[28]);
      c.out.flush();
      assertThat(c.closedByServer()).isTrue();
    }
    assertServerStillServes();
    assertThat(server.stats().protocolViolations()).isEqualTo(1);
  }

  @Test
  void unknownClientFlagsCloseTheConnection() throws IOException {
    // "Client flags": the server MUST drop the connection on an unknown flag.
    try (var c = new NbdTestClient(server.port())) {
      c.in.readNBytes(18);
      c.out.writeInt(1 << 7);
      assertThat(c.closedByServer()).isTrue();
    }
    assertServerStillServes();
  }

  @Test
  void silentClientIsDroppedAfterTheHandshakeTimeout() throws IOException {
    start(Duration.ofMillis(300));
    try (var c = new NbdTestClient(server.port())) {
      assertThat(c.closedByServer()).isTrue(); // reads the greeting, then end-of-stream
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndServedOnceOthersLeave() throws IOException {
    var clients = new java.util.ArrayList<NbdTestClient>();
    try {
      for (int i = 0; i < 4; i++) {
        var c = new NbdTestClient(server.port());
        c.go("vol");
        clients.add(c);
      }
      try (var extra = new NbdTestClient(server.port())) {
        assertThat(extra.closedByServer()).isTrue();
      }
      assertThat(server.stats().connectionsRejected()).isEqualTo(1);
    } finally {
      for (var c : clients) {
        c.close();
      }
    }
    assertServerStillServes();
  }

  @Test
  void aClientThatStopsReadingRepliesStallsOnlyItself() throws IOException {
    NbdTestClient stuck = new NbdTestClient(server.port());
    try {
      stuck.go("vol");
      // 400 x 64 KiB of replies it never reads: far beyond the socket buffers, so the server's
      // reply writes for this connection block and its reader stops at the in-flight limit.
      for (int i = 0; i < 400; i++) {
        stuck.request(0, NbdProtocol.CMD_READ, i, 0, MAX_REQUEST, null);
      }
      assertServerStillServes();
    } finally {
      stuck.close();
    }
  }

  private void assertServerStillServes() throws IOException {
    // The slot of a closed connection is released asynchronously; retry the connect briefly.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try (var c = new NbdTestClient(server.port())) {
        c.go("vol");
        assertReadWorks(c, 99);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }

  private static void assertReadWorks(NbdTestClient c, long handle) throws IOException {
    c.request(0, NbdProtocol.CMD_READ, handle, 0, 512, null);
    assertThat(c.readReply()).isEqualTo(new NbdTestClient.Reply(0, handle));
    assertThat(c.readData(512)).hasSize(512);
  }
}
