package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Any k of the k+m units recover the rest; fewer do not. Checked for every codec this JVM can run,
 * with random k+m (k+m <= 32), lengths, buffer kinds and positions. jqwik does not honour JUnit's
 * {@code Timeout}; the try counts keep the class at about a second.
 */
class ReconstructionPropertiesTest {

  @Property(tries = 80)
  void reconstructRestoresAnyErasuresUpToParityCount(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 3000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] units = encodedStripe(random, codec, length);
      ByteBuffer[] original = Stripes.copy(units);
      boolean[] present = Erasures.random(random, units.length, profile.parityUnits());
      for (int i = 0; i < units.length; i++) {
        if (!present[i]) {
          units[i] = Stripes.randomBuffer(random, length); // garbage at another position
          original[i] = original[i].duplicate(); // compare ranges only: positions differ
        }
      }

      codec.reconstruct(units, present, length);

      for (int i = 0; i < units.length; i++) {
        assertThat(Stripes.range(units[i], length))
            .as("%s unit %d", codec, i)
            .isEqualTo(Stripes.range(original[i], length));
      }
    }
  }

  @Property(tries = 40)
  void moreErasuresThanParityThrowAndWriteNothing(
      @ForAll @IntRange(min = 1, max = 30) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (31 - k));
    Random random = new Random(seed);
    int units = k + profile.parityUnits();
    int missing = profile.parityUnits() + 1 + random.nextInt(units - profile.parityUnits());
    boolean[] present = Erasures.withMissing(random, units, missing);
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] stripe = Stripes.randomBuffers(random, units, 100);
      ByteBuffer[] before = Stripes.copy(stripe);

      assertThatThrownBy(() -> codec.reconstruct(stripe, present, 100))
          .isInstanceOfSatisfying(
              TooManyErasuresException.class,
              e -> {
                assertThat(e.missingUnits()).hasSize(missing);
                assertThat(e.parityUnits()).isEqualTo(profile.parityUnits());
              })
          .hasMessageContaining(missing + " units are missing");
      for (int i = 0; i < units; i++) {
        assertThat(Stripes.all(stripe[i])).isEqualTo(Stripes.all(before[i]));
      }
    }
  }

  @Property(tries = 40)
  void rebuildsOnlyTheRequestedUnit(
      @ForAll @IntRange(min = 1, max = 16) int k,
      @ForAll @IntRange(min = 1, max = 8) int m,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, m);
    Random random = new Random(seed);
    int last = k + m - 1;
    for (ErasureCodec codec : Stripes.codecs(profile)) {
      ByteBuffer[] units = encodedStripe(random, codec, 777);
      byte[] wanted = Stripes.range(units[last], 777);
      // the last unit is lost and rebuilt; up to m - 1 others are lost and stay lost
      boolean[] others = Erasures.withMissing(random, last, random.nextInt(m));
      boolean[] present = java.util.Arrays.copyOf(others, k + m);
      boolean[] rebuild = new boolean[k + m];
      rebuild[last] = true;
      for (int i = 0; i < last; i++) {
        if (!present[i]) {
          units[i] = null; // absent and not rebuilt: may be null
        }
      }
      units[last] = ByteBuffer.allocate(777);

      codec.reconstruct(units, present, rebuild, 777);

      assertThat(Stripes.range(units[last], 777)).as(codec.toString()).isEqualTo(wanted);
    }
  }

  static ByteBuffer[] encodedStripe(Random random, ErasureCodec codec, int length) {
    ByteBuffer[] units =
        Stripes.randomBuffers(random, codec.dataUnits() + codec.parityUnits(), length);
    ByteBuffer[] data = new ByteBuffer[codec.dataUnits()];
    ByteBuffer[] parity = new ByteBuffer[codec.parityUnits()];
    System.arraycopy(units, 0, data, 0, data.length);
    System.arraycopy(units, data.length, parity, 0, parity.length);
    codec.encode(data, parity, length);
    return units;
  }
}
