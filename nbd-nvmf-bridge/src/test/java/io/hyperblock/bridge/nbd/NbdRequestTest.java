package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request decoding ("Request message") and the checks made before a request runs. */
@Timeout(10)
class NbdRequestTest {

  private static final long SIZE = 1 << 20;
  private static final int MAX = 65536;

  private static NbdRequest request(int flags, int type, long offset, long length) {
    return new NbdRequest(flags, type, 42, offset, length);
  }

  @Test
  void decodesEveryHeaderFieldWithUnsignedLength() throws Exception {
    ByteBuffer header = ByteBuffer.allocate(28);
    header.putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) 1).putShort((short) 1);
    header.putLong(0xCAFEL).putLong(-1L).putInt(0xFFFFFFFF).flip();
    NbdRequest r = NbdRequest.decode(header);
    assertThat(r).isEqualTo(new NbdRequest(1, 1, 0xCAFEL, -1L, 0xFFFFFFFFL));
    assertThat(r.fua()).isTrue();
    assertThat(r.hasPayload()).isTrue();
  }

  @Test
  void rejectsAWrongMagicAsAFramingViolation() {
    ByteBuffer header = ByteBuffer.allocate(28).putInt(NbdProtocol.SIMPLE_REPLY_MAGIC).flip();
    assertThatThrownBy(() -> NbdRequest.decode(header))
        .isInstanceOf(NbdProtocolException.class)
        .hasMessageContaining("67446698");
  }

  @Test
  void acceptsRequestsEndingExactlyAtTheExportEnd() {
    assertThat(request(0, NbdProtocol.CMD_READ, SIZE - 512, 512).validate(SIZE, MAX))
        .isEqualTo(NbdError.NONE);
    assertThat(request(0, NbdProtocol.CMD_WRITE, 0, MAX).validate(SIZE, MAX))
        .isEqualTo(NbdError.NONE);
  }

  @Test
  void readPastTheEndIsEinvalAndWritePastTheEndIsEnospc() {
    // "Request types": NBD_CMD_WRITE beyond the end SHOULD fail with ENOSPC, reads with EINVAL.
    assertThat(request(0, NbdProtocol.CMD_READ, SIZE - 511, 512).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
    assertThat(request(0, NbdProtocol.CMD_WRITE, SIZE, 1).validate(SIZE, MAX))
        .isEqualTo(NbdError.ENOSPC);
    assertThat(request(0, NbdProtocol.CMD_TRIM, 0, SIZE + 1).validate(SIZE, MAX))
        .isEqualTo(NbdError.ENOSPC);
    assertThat(request(0, NbdProtocol.CMD_WRITE_ZEROES, SIZE - 1, 2).validate(SIZE, MAX))
        .isEqualTo(NbdError.ENOSPC);
  }

  @Test
  void offsetsAboveTwoToTheSixtyThreeAreOutOfRangeNotNegative() {
    assertThat(request(0, NbdProtocol.CMD_READ, Long.MIN_VALUE, 512).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
    assertThat(request(0, NbdProtocol.CMD_READ, Long.MAX_VALUE, 512).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
  }

  @Test
  void payloadsAboveTheMaximumBlockSizeAreEinvalButTrimMayBeLarger() {
    // "Block size constraints": the maximum applies to payload-carrying READ and WRITE.
    assertThat(request(0, NbdProtocol.CMD_READ, 0, MAX + 1).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
    assertThat(request(0, NbdProtocol.CMD_WRITE, 0, MAX + 1).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
    assertThat(request(0, NbdProtocol.CMD_TRIM, 0, SIZE).validate(SIZE, MAX))
        .isEqualTo(NbdError.NONE);
    assertThat(request(0, NbdProtocol.CMD_WRITE_ZEROES, 0, SIZE).validate(SIZE, MAX))
        .isEqualTo(NbdError.NONE);
  }

  @Test
  void unknownCommandsUndocumentedFlagsAndZeroLengthsAreEinval() {
    assertThat(request(0, NbdProtocol.CMD_DISC + 5, 0, 512).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL); // 7 = BLOCK_STATUS, not negotiated
    assertThat(
            request(NbdProtocol.CMD_FLAG_NO_HOLE, NbdProtocol.CMD_WRITE, 0, 512)
                .validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
    assertThat(request(0, NbdProtocol.CMD_READ, 0, 0).validate(SIZE, MAX))
        .isEqualTo(NbdError.EINVAL);
  }

  @Test
  void fuaIsAcceptedOnEveryCommandAndFlushIgnoresOffsetAndLength() {
    // "Command flags": with NBD_FLAG_SEND_FUA the server MUST accept FUA on all commands.
    for (int type :
        new int[] {
          NbdProtocol.CMD_READ,
          NbdProtocol.CMD_WRITE,
          NbdProtocol.CMD_TRIM,
          NbdProtocol.CMD_WRITE_ZEROES
        }) {
      assertThat(request(NbdProtocol.CMD_FLAG_FUA, type, 0, 512).validate(SIZE, MAX))
          .as("type %d", type)
          .isEqualTo(NbdError.NONE);
    }
    assertThat(request(NbdProtocol.CMD_FLAG_FUA, NbdProtocol.CMD_FLUSH, 77, 99).validate(SIZE, MAX))
        .isEqualTo(NbdError.NONE);
  }
}
