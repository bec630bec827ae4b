package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decoding of NBD_OPT_INFO / NBD_OPT_GO payloads and export-name rules ("Conventions"). */
@Timeout(10)
class OptionRequestTest {

  @Test
  void decodesNameAndInformationRequests() {
    var r = OptionRequest.decodeInfo(NbdTestClient.infoRequest("vol", 3, 1));
    assertThat(r.error()).isNull();
    assertThat(r.exportName()).isEqualTo("vol");
    assertThat(r.requested(NbdProtocol.INFO_BLOCK_SIZE)).isTrue();
    assertThat(r.requested(NbdProtocol.INFO_NAME)).isTrue();
    assertThat(r.requested(2)).isFalse();
  }

  @Test
  void emptyNameIsTheDefaultExportAndValid() {
    var r = OptionRequest.decodeInfo(NbdTestClient.infoRequest(""));
    assertThat(r.error()).isNull();
    assertThat(r.exportName()).isEmpty();
  }

  @Test
  void rejectsPayloadsShorterThanTheFixedFields() {
    assertThat(OptionRequest.decodeInfo(new byte[5]).error()).contains("6-byte minimum");
  }

  @Test
  void rejectsANameLengthThatOverrunsTheOption() {
    byte[] data = ByteBuffer.allocate(8).putInt(100).array();
    assertThat(OptionRequest.decodeInfo(data).error()).contains("overruns");
    byte[] huge = ByteBuffer.allocate(8).putInt(-1).array(); // 2^32 - 1 as unsigned
    assertThat(OptionRequest.decodeInfo(huge).error()).contains("4294967295");
  }

  @Test
  void rejectsAnInformationCountThatDisagreesWithTheLength() {
    byte[] data = NbdTestClient.infoRequest("vol", 3);
    ByteBuffer.wrap(data).putShort(7, (short) 2); // claims 2 requests, carries 1
    assertThat(OptionRequest.decodeInfo(data).error()).contains("2 information requests");
  }

  @Test
  void rejectsNamesWithNulInvalidUtf8OrAbove4096Bytes() {
    assertThat(OptionRequest.nameProblem(new byte[] {'a', 0})).get().asString().contains("NUL");
    assertThat(OptionRequest.nameProblem(new byte[] {(byte) 0xC3}))
        .get()
        .asString()
        .contains("UTF-8");
    byte[] long4097 = new byte[4097];
    java.util.Arrays.fill(long4097, (byte) 'a');
    assertThat(OptionRequest.nameProblem(long4097)).get().asString().contains("4096");
    assertThat(
            OptionRequest.nameProblem("välume".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
