package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Partial writes (read-modify-write of one data unit) and scrubbing: a parity delta gives the same
 * parity as a full re-encode, and verify notices any single flipped byte. jqwik does not honour
 * JUnit's {@code Timeout}; the try counts keep the class at about a second.
 */
class ParityMaintenancePropertiesTest {

  @Property(tries = 80)
  void parityDeltaOnSubrangeEqualsFullReencode(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 3000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] units = ReconstructionPropertiesTest.encodedStripe(random, codec, length);
      ByteBuffer[] data = java.util.Arrays.copyOfRange(units, 0, k);
      ByteBuffer[] parity = java.util.Arrays.copyOfRange(units, k, units.length);
      int dataIndex = random.nextInt(k);
      int from = random.nextInt(length);
      int count = 1 + random.nextInt(length - from);
      ByteBuffer newBytes = Stripes.randomBuffer(random, count);

      ByteBuffer oldBytes = Stripes.copy(data[dataIndex]);
      oldBytes.position(oldBytes.position() + from);
      ByteBuffer[] parityWindow = new ByteBuffer[parity.length];
      for (int j = 0; j < parity.length; j++) {
        parityWindow[j] = parity[j].duplicate().position(parity[j].position() + from);
      }
      codec.applyDelta(dataIndex, oldBytes, newBytes, parityWindow, count);
      data[dataIndex].put(data[dataIndex].position() + from, newBytes, newBytes.position(), count);

      ByteBuffer[] reencoded = Stripes.randomBuffers(random, parity.length, length);
      codec.encode(data, reencoded, length);
      for (int j = 0; j < parity.length; j++) {
        assertThat(Stripes.range(parity[j], length))
            .as("%s parity %d", codec, j)
            .isEqualTo(Stripes.range(reencoded[j], length));
      }
      assertThat(codec.verify(data, parity, length)).isTrue();
    }
  }

  @Property(tries = 60)
  void verifyDetectsAnyFlippedByte(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 3000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] units = ReconstructionPropertiesTest.encodedStripe(random, codec, length);
      ByteBuffer[] data = java.util.Arrays.copyOfRange(units, 0, k);
      ByteBuffer[] parity = java.util.Arrays.copyOfRange(units, k, units.length);
      assertThat(codec.verify(data, parity, length)).as("%s clean stripe", codec).isTrue();

      ByteBuffer victim = units[random.nextInt(units.length)];
      int at = victim.position() + random.nextInt(length);
      byte flip = (byte) (1 + random.nextInt(255));
      victim.put(at, (byte) (victim.get(at) ^ flip));

      assertThat(codec.verify(data, parity, length)).as("%s corrupted stripe", codec).isFalse();
    }
  }
}
