package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportResolver;
import io.hyperblock.bridge.device.ExportUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake over in-memory streams ("Fixed newstyle negotiation", "Option types", "Option reply
 * types", "NBD_OPT_INFO and NBD_OPT_GO"): a scripted client, the server's bytes decoded back.
 */
@Timeout(10)
class NbdHandshakeTest {

  private final GatedBlockDevice vol = new GatedBlockDevice(1 << 20);
  private boolean shuttingDown;
  private boolean expired;
  private final List<String> opened = new ArrayList<>();
  private ExportResolver exports =
      new ExportResolver() {
        @Override
        public Optional<BlockDevice> open(String name) {
          opened.add(name);
          if (name.equals("busy")) {
            throw new ExportUnavailableException(name, "attached on node-7", null);
          }
          return name.equals("vol") ? Optional.of(vol) : Optional.empty();
        }

        @Override
        public Optional<ExportInfo> describe(String name) {
          if (name.equals("busy")) {
            throw new ExportUnavailableException(name, "attached on node-7", null);
          }
          return name.equals("vol") ? Optional.of(ExportInfo.of(vol)) : Optional.empty();
        }

        @Override
        public List<String> list() {
          return List.of("vol", "busy");
        }
      };

  /** Client script: flags, then options. */
  private final ByteArrayOutputStream script = new ByteArrayOutputStream();

  private final ByteArrayOutputStream server = new ByteArrayOutputStream();
  private DataInputStream replies;

  private NbdHandshakeTest clientFlags(int flags) {
    script.writeBytes(ByteBuffer.allocate(4).putInt(flags).array());
    return this;
  }

  private NbdHandshakeTest option(int option, byte[] data) {
    script.writeBytes(
        ByteBuffer.allocate(16)
            .putLong(NbdProtocol.IHAVEOPT)
            .putInt(option)
            .putInt(data.length)
            .array());
    script.writeBytes(data);
    return this;
  }

  private Optional<NegotiatedExport> run() throws Exception {
    var in = new DataInputStream(new ByteArrayInputStream(script.toByteArray()));
    try {
      return new NbdHandshake(
              in,
              new DataOutputStream(server),
              exports,
              32 << 20,
              () -> shuttingDown,
              () -> expired)
          .run();
    } finally {
      replies = new DataInputStream(new ByteArrayInputStream(server.toByteArray()));
      replies.skipNBytes(18); // greeting
    }
  }

  private List<NbdTestClient.OptionReply> optionReplies() throws IOException {
    List<NbdTestClient.OptionReply> list = new ArrayList<>();
    while (replies.available() > 0) {
      assertThat(replies.readLong()).isEqualTo(NbdProtocol.OPTION_REPLY_MAGIC);
      int option = replies.readInt();
      int type = replies.readInt();
      list.add(new NbdTestClient.OptionReply(option, type, replies.readNBytes(replies.readInt())));
    }
    return list;
  }

  @Test
  void greetingAdvertisesFixedNewstyleAndNoZeroes() throws Exception {
    clientFlags(3).option(NbdProtocol.OPT_ABORT, new byte[0]);
    assertThat(run()).isEmpty();
    ByteBuffer greeting = ByteBuffer.wrap(server.toByteArray(), 0, 18);
    assertThat(greeting.getLong()).isEqualTo(NbdProtocol.NBDMAGIC);
    assertThat(greeting.getLong()).isEqualTo(NbdProtocol.IHAVEOPT);
    assertThat(greeting.getShort()).isEqualTo((short) 3);
    // "NBD_OPT_ABORT": the server MUST reply with NBD_REP_ACK.
    assertThat(optionReplies())
        .singleElement()
        .extracting(NbdTestClient.OptionReply::type)
        .isEqualTo(NbdProtocol.REP_ACK);
  }

  @Test
  void unknownClientFlagsAreAFramingViolation() {
    clientFlags(1 << 4);
    assertThatThrownBy(this::run)
        .isInstanceOf(NbdProtocolException.class)
        .hasMessageContaining("client flags");
  }

  @Test
  void listSendsOneServerReplyPerExportThenAck() throws Exception {
    clientFlags(1)
        .option(NbdProtocol.OPT_LIST, new byte[0])
        .option(NbdProtocol.OPT_LIST, new byte[1])
        .option(NbdProtocol.OPT_ABORT, new byte[0]);
    run();
    var r = optionReplies();
    assertThat(r)
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(
            NbdProtocol.REP_SERVER,
            NbdProtocol.REP_SERVER,
            NbdProtocol.REP_ACK,
            NbdProtocol.REP_ERR_INVALID,
            NbdProtocol.REP_ACK);
    ByteBuffer first = ByteBuffer.wrap(r.get(0).data());
    assertThat(first.getInt()).isEqualTo(3);
    assertThat(StandardCharsets.UTF_8.decode(first).toString()).isEqualTo("vol");
  }

  @Test
  void goSendsExportInfoAndRequestedBlockSizesThenEntersTransmission() throws Exception {
    clientFlags(1).option(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("vol", 3));
    NegotiatedExport export = run().orElseThrow();
    assertThat(export.device()).isSameAs(vol);
    var r = optionReplies();
    assertThat(r)
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(NbdProtocol.REP_INFO, NbdProtocol.REP_INFO, NbdProtocol.REP_ACK);
    ByteBuffer info = ByteBuffer.wrap(r.get(0).data());
    assertThat(info.getShort()).isEqualTo((short) NbdProtocol.INFO_EXPORT);
    assertThat(info.getLong()).isEqualTo(1 << 20);
    int flags = info.getShort() & 0xffff;
    assertThat(flags).isEqualTo(export.transmissionFlags()).isEqualTo(0x6d); // no MULTI_CONN
    ByteBuffer sizes = ByteBuffer.wrap(r.get(1).data());
    assertThat(sizes.getShort()).isEqualTo((short) NbdProtocol.INFO_BLOCK_SIZE);
    assertThat(new int[] {sizes.getInt(), sizes.getInt(), sizes.getInt()})
        .containsExactly(1, 4096, 32 << 20);
  }

  @Test
  void infoDescribesTheExportWithoutOpeningItSoNoVolumeIsAttached() throws Exception {
    clientFlags(1)
        .option(NbdProtocol.OPT_INFO, NbdTestClient.infoRequest("vol"))
        .option(NbdProtocol.OPT_ABORT, new byte[0]);
    assertThat(run()).isEmpty();
    assertThat(optionReplies())
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(NbdProtocol.REP_INFO, NbdProtocol.REP_ACK, NbdProtocol.REP_ACK);
    assertThat(opened).isEmpty();
    assertThat(vol.calls).isEmpty();
  }

  @Test
  void unknownExportGetsErrUnknownAndUnavailableOneErrPolicy() throws Exception {
    clientFlags(1)
        .option(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("nope"))
        .option(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("busy"))
        .option(NbdProtocol.OPT_ABORT, new byte[0]);
    run();
    var r = optionReplies();
    assertThat(r)
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(
            NbdProtocol.REP_ERR_UNKNOWN, NbdProtocol.REP_ERR_POLICY, NbdProtocol.REP_ACK);
    assertThat(new String(r.get(1).data(), StandardCharsets.UTF_8)).contains("node-7");
  }

  @Test
  void optionsWeDoNotImplementGetErrUnsup() throws Exception {
    // STARTTLS, STRUCTURED_REPLY, LIST/SET_META_CONTEXT, EXTENDED_HEADERS, and an unassigned one.
    clientFlags(1);
    for (int option : new int[] {5, 8, 9, 10, 11, 4242}) {
      option(option, new byte[0]);
    }
    option(NbdProtocol.OPT_ABORT, new byte[0]);
    run();
    assertThat(optionReplies())
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ERR_UNSUP,
            NbdProtocol.REP_ACK);
  }

  @Test
  void exportNameRepliesSizeAndFlagsWithTheZeroesOnlyIfNotWaived() throws Exception {
    clientFlags(1).option(NbdProtocol.OPT_EXPORT_NAME, "vol".getBytes(StandardCharsets.UTF_8));
    assertThat(run()).isPresent();
    assertThat(server.size()).isEqualTo(18 + 8 + 2 + 124);
    assertThat(replies.readLong()).isEqualTo(1 << 20);

    server.reset();
    script.reset();
    clientFlags(3).option(NbdProtocol.OPT_EXPORT_NAME, "vol".getBytes(StandardCharsets.UTF_8));
    assertThat(run()).isPresent();
    assertThat(server.size()).isEqualTo(18 + 8 + 2);
  }

  @Test
  void exportNameForAnUnknownExportEndsTheSession() {
    // "NBD_OPT_EXPORT_NAME": no error reply exists, so the server MUST terminate the session.
    clientFlags(1).option(NbdProtocol.OPT_EXPORT_NAME, "nope".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(this::run)
        .isInstanceOf(NbdProtocolException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void oversizedOptionIsSkippedWithErrTooBigAndHugeOneCloses() throws Exception {
    clientFlags(1)
        .option(4242, new byte[NbdHandshake.MAX_OPTION_BYTES + 1])
        .option(NbdProtocol.OPT_ABORT, new byte[0]);
    run();
    assertThat(optionReplies())
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(NbdProtocol.REP_ERR_TOO_BIG, NbdProtocol.REP_ACK);

    script.reset();
    clientFlags(1);
    script.writeBytes(
        ByteBuffer.allocate(16).putLong(NbdProtocol.IHAVEOPT).putInt(1).putInt(-1).array());
    assertThatThrownBy(this::run).isInstanceOf(NbdProtocolException.class);
  }

  @Test
  void wrongOptionMagicIsAFramingViolation() {
    clientFlags(1);
    script.writeBytes(new byte[16]);
    assertThatThrownBy(this::run)
        .isInstanceOf(NbdProtocolException.class)
        .hasMessageContaining("option magic");
  }

  @Test
  void aServerShuttingDownErrorsOptionsButStillAcksAbort() throws Exception {
    shuttingDown = true;
    clientFlags(1)
        .option(NbdProtocol.OPT_GO, NbdTestClient.infoRequest("vol"))
        .option(NbdProtocol.OPT_ABORT, new byte[0]);
    run();
    assertThat(optionReplies())
        .extracting(NbdTestClient.OptionReply::type)
        .containsExactly(NbdProtocol.REP_ERR_SHUTDOWN, NbdProtocol.REP_ACK);
  }

  @Test
  void aHandshakePastItsDeadlineIsClosedAtTheNextOption() {
    expired = true;
    clientFlags(1).option(NbdProtocol.OPT_LIST, new byte[0]);
    assertThatThrownBy(this::run)
        .isInstanceOf(NbdProtocolException.class)
        .hasMessageContaining("too long");
  }
}
