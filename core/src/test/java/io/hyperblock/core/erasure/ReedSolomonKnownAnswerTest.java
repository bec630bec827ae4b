package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parity pinned as hex. The expected bytes were produced by Backblaze JavaReedSolomon
 * (com.backblaze.erasure.ReedSolomon from kcp-fec 1.6) for the same data, so these vectors pin both
 * our field/matrix construction and compatibility with that reference. Data unit i byte x is {@code
 * i * 0x3D + 7 * x * x + 0x11} (mod 256).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReedSolomonKnownAnswerTest {

  private static final String[] DATA = {
    "11182d5081c00d68d148cd6001b06d3811f8edf0",
    "4e556a8dbefd4aa50e850a9d3eedaa754e352a2d",
    "8b92a7cafb3a87e24bc247da7b2ae7b28b72676a",
    "c8cfe4073877c41f88ff8417b86724efc8afa4a7",
    "050c214475b4015cc53cc154f5a4612c05ece1e4",
    "42495e81b2f13e990279fe9132e19e6942291e21",
    "7f869bbeef2e7bd63fb63bce6f1edba67f665b5e",
    "bcc3d8fb2c6bb8137cf3780bac5b18e3bca3989b",
  };

  private static final String[] PARITY_4_2 = {
    "050c64d0c99d44b2b129f0874944502c0598d070", "12213b6dc49d1bdf26fe2fda44798f0112350fcd",
  };

  private static final String[] PARITY_8_3 = {
    "df4f5c9cb42f59f8d557bb1234e70f6fdfbc8fb4",
    "6dca0d2d89b9da0de777ae50090fdeea6db95edc",
    "4f7a372872dcd7ae8a56788ef238645a4f89e46b",
  };

  @Test
  void encodesEc42KnownAnswer() {
    assertEncodes(ErasureCoded.EC_4_2, PARITY_4_2, 1);
  }

  @Test
  void encodesEc83KnownAnswer() {
    assertEncodes(ErasureCoded.EC_8_3, PARITY_8_3, 1);
  }

  /**
   * RS works on each byte column independently, so repeating the data repeats the parity. 13
   * repetitions (260 bytes) cover whole vectors of any species plus an unaligned tail.
   */
  @Test
  void encodesKnownAnswerThroughVectorBodyAndTail() {
    assertEncodes(ErasureCoded.EC_4_2, PARITY_4_2, 13);
    assertEncodes(ErasureCoded.EC_8_3, PARITY_8_3, 13);
  }

  @Test
  void rebuildsKnownDataFromParityAndRemainingData() {
    for (ErasureCodec codec : Stripes.codecs(ErasureCoded.EC_4_2)) {
      ByteBuffer[] units = new ByteBuffer[6];
      for (int i = 0; i < 4; i++) {
        units[i] = i == 0 || i == 2 ? ByteBuffer.allocate(20) : Stripes.fromHex(DATA[i]);
      }
      units[4] = Stripes.fromHex(PARITY_4_2[0]);
      units[5] = Stripes.fromHex(PARITY_4_2[1]);
      codec.reconstruct(units, new boolean[] {false, true, false, true, true, true}, 20);
      assertThat(Stripes.hex(units[0], 20)).as(codec.toString()).isEqualTo(DATA[0]);
      assertThat(Stripes.hex(units[2], 20)).as(codec.toString()).isEqualTo(DATA[2]);
    }
  }

  private static void assertEncodes(ErasureCoded profile, String[] parityHex, int repeat) {
    assertEncodes(profile, parityHex, repeat, true);
    assertEncodes(profile, parityHex, repeat, false);
  }

  /** All buffers direct, or all heap: the vector codec has a separate path for each. */
  private static void assertEncodes(
      ErasureCoded profile, String[] parityHex, int repeat, boolean direct) {
    int length = 20 * repeat;
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] data = new ByteBuffer[profile.dataUnits()];
      for (int i = 0; i < data.length; i++) {
        data[i] =
            (direct ? ByteBuffer.allocateDirect(length + 3) : ByteBuffer.allocate(length + 3));
        data[i].position(3);
        data[i].put(3, Stripes.fromHex(DATA[i].repeat(repeat)), 0, length);
      }
      ByteBuffer[] parity = new ByteBuffer[profile.parityUnits()];
      for (int j = 0; j < parity.length; j++) {
        parity[j] =
            direct ? ByteBuffer.allocateDirect(length + 5) : ByteBuffer.allocate(length + 5);
        parity[j].position(5);
      }
      codec.encode(data, parity, length);
      for (int j = 0; j < parity.length; j++) {
        assertThat(Stripes.hex(parity[j], length))
            .as("%s parity %d", codec, j)
            .isEqualTo(parityHex[j].repeat(repeat));
        assertThat(parity[j].position()).isEqualTo(5);
      }
    }
  }
}
