package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The vector codec must write exactly the bytes of the scalar codec: random k+m (k+m <= 32), random
 * lengths 1..5000 (so every unaligned tail), heap and direct buffers at nonzero positions, and
 * every byte outside the addressed ranges left alone. jqwik does not honour JUnit's {@code
 * Timeout}; the try counts keep the class at about a second.
 */
@AddLifecycleHook(VectorMatchesScalarPropertiesTest.RequiresVectorApi.class)
class VectorMatchesScalarPropertiesTest {

  /** Skips the class where the vector codec cannot run (no module, or vectors under 128 bits). */
  static final class RequiresVectorApi implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return ErasureCodecs.vectorAvailable()
          ? SkipResult.doNotSkip()
          : SkipResult.skip("the Vector API is unusable on this JVM/CPU");
    }
  }

  @Property(tries = 150)
  void encodeWritesIdenticalBytes(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 5000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    ByteBuffer[] data = Stripes.randomBuffers(random, k, length);
    ByteBuffer[] scalarParity = Stripes.randomBuffers(random, profile.parityUnits(), length);
    ByteBuffer[] vectorParity = Stripes.copy(scalarParity);

    new ReedSolomonCodec(profile).encode(data, scalarParity, length);
    new VectorReedSolomonCodec(profile).encode(data, vectorParity, length);

    for (int j = 0; j < scalarParity.length; j++) {
      assertThat(Stripes.all(vectorParity[j])).isEqualTo(Stripes.all(scalarParity[j]));
    }
  }

  @Property(tries = 120)
  void reconstructWritesIdenticalBytes(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 5000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    ByteBuffer[] scalarUnits = Stripes.randomBuffers(random, k + profile.parityUnits(), length);
    boolean[] present = Erasures.random(random, k + profile.parityUnits(), profile.parityUnits());
    ByteBuffer[] vectorUnits = Stripes.copy(scalarUnits);

    new ReedSolomonCodec(profile).reconstruct(scalarUnits, present, length);
    new VectorReedSolomonCodec(profile).reconstruct(vectorUnits, present, length);

    for (int i = 0; i < scalarUnits.length; i++) {
      assertThat(Stripes.all(vectorUnits[i])).isEqualTo(Stripes.all(scalarUnits[i]));
    }
  }

  @Property(tries = 120)
  void applyDeltaWritesIdenticalBytes(
      @ForAll @IntRange(min = 1, max = 31) int k,
      @ForAll @IntRange(min = 0, max = 30) int mChoice,
      @ForAll @IntRange(min = 1, max = 5000) int length,
      @ForAll long seed) {
    ErasureCoded profile = new ErasureCoded(k, 1 + mChoice % (32 - k));
    Random random = new Random(seed);
    ByteBuffer oldData = Stripes.randomBuffer(random, length);
    ByteBuffer newData = Stripes.randomBuffer(random, length);
    ByteBuffer[] scalarParity = Stripes.randomBuffers(random, profile.parityUnits(), length);
    ByteBuffer[] vectorParity = Stripes.copy(scalarParity);
    int dataIndex = random.nextInt(k);

    new ReedSolomonCodec(profile).applyDelta(dataIndex, oldData, newData, scalarParity, length);
    new VectorReedSolomonCodec(profile)
        .applyDelta(dataIndex, oldData, newData, vectorParity, length);

    for (int j = 0; j < scalarParity.length; j++) {
      assertThat(Stripes.all(vectorParity[j])).isEqualTo(Stripes.all(scalarParity[j]));
    }
  }
}
