package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Units longer than the internal blocking (8 KiB scalar blocks, 64 KiB verify chunks), which the
 * short random lengths of the property tests never reach.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongUnitsTest {

  private static final int LENGTH = 65536 + 8192 + 17; // two verify chunks, ten scalar blocks

  @Test
  void allCodecsAgreeOnLongUnitsAndRebuildThem() {
    Random random = new Random(11);
    ErasureCodec[] codecs = Stripes.codecs(ErasureCoded.EC_8_3);
    ByteBuffer[] reference = null;
    for (ErasureCodec codec : codecs) {
      ByteBuffer[] units = ReconstructionPropertiesTest.encodedStripe(new Random(5), codec, LENGTH);
      if (reference == null) {
        reference = Stripes.copy(units);
      }
      for (int i = 0; i < units.length; i++) {
        assertThat(Stripes.range(units[i], LENGTH))
            .as("%s unit %d", codec, i)
            .isEqualTo(Stripes.range(reference[i], LENGTH));
      }
      boolean[] present = Erasures.withMissing(random, units.length, 3);
      for (int i = 0; i < units.length; i++) {
        if (!present[i]) {
          units[i] = Stripes.randomBuffer(random, LENGTH);
        }
      }
      codec.reconstruct(units, present, LENGTH);
      for (int i = 0; i < units.length; i++) {
        assertThat(Stripes.range(units[i], LENGTH))
            .as("%s rebuilt unit %d", codec, i)
            .isEqualTo(Stripes.range(reference[i], LENGTH));
      }
    }
  }

  @Test
  void verifyChecksEveryChunkUpToTheLastByte() {
    for (ErasureCodec codec : Stripes.codecs(ErasureCoded.EC_4_2)) {
      ByteBuffer[] units = ReconstructionPropertiesTest.encodedStripe(new Random(3), codec, LENGTH);
      ByteBuffer[] data = java.util.Arrays.copyOfRange(units, 0, 4);
      ByteBuffer[] parity = java.util.Arrays.copyOfRange(units, 4, 6);
      assertThat(codec.verify(data, parity, LENGTH)).as("%s clean", codec).isTrue();

      int last = parity[1].position() + LENGTH - 1;
      parity[1].put(last, (byte) ~parity[1].get(last));

      assertThat(codec.verify(data, parity, LENGTH)).as("%s last byte flipped", codec).isFalse();
    }
  }
}
