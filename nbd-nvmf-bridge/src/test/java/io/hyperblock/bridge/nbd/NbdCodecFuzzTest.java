package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.bridge.device.MemoryBlockDevice;
import io.hyperblock.bridge.device.StaticExportRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of the codecs without sockets: generated and mutated handshakes must end in a
 * negotiated export, an abort, a framing violation or end-of-stream, never in any other exception;
 * random request headers must decode or be rejected as framing violations, and validation must
 * return a spec error rather than throw. A failure names its seed.
 */
@Timeout(60)
class NbdCodecFuzzTest {

  private static final int CASES = 20_000;

  @Test
  void handshakeEndsCleanlyOnAnyClientBytes() {
    var exports = new StaticExportRegistry().add("vol", new MemoryBlockDevice(4096));
    List<String> failures = new ArrayList<>();
    for (long seed = 0; seed < CASES; seed++) {
      byte[] stream = new NbdStreamGenerator(seed, "vol").next();
      var in = new DataInputStream(new ByteArrayInputStream(stream));
      var out = new DataOutputStream(new ByteArrayOutputStream());
      try {
        new NbdHandshake(in, out, exports, 1 << 20, () -> false, () -> false)
            .run()
            .ifPresent(e -> e.device().close());
      } catch (IOException | NbdProtocolException expected) {
        // end-of-stream or a framing violation: the connection would be closed
      } catch (RuntimeException e) {
        failures.add("seed " + seed + ": " + e);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void randomRequestHeadersDecodeOrAreRejectedAndValidationNeverThrows() {
    Random random = new Random(99);
    int decoded = 0;
    for (int i = 0; i < CASES; i++) {
      ByteBuffer header = ByteBuffer.allocate(28);
      byte[] noise = new byte[28];
      random.nextBytes(noise);
      header.put(noise);
      if (random.nextBoolean()) {
        header.putInt(0, NbdProtocol.REQUEST_MAGIC);
      }
      header.flip();
      NbdRequest request;
      try {
        request = NbdRequest.decode(header);
      } catch (NbdProtocolException e) {
        continue;
      }
      decoded++;
      assertThat(request.length()).isBetween(0L, 0xFFFFFFFFL);
      NbdError error = request.validate(1 << 20, 1 << 16);
      if (error == NbdError.NONE && request.type() != NbdProtocol.CMD_FLUSH) {
        // Anything accepted really lies inside the export.
        assertThat(request.offset()).isNotNegative();
        assertThat(request.offset() + request.length()).isLessThanOrEqualTo(1 << 20);
      }
    }
    assertThat(decoded).isGreaterThan(CASES / 3);
  }
}
