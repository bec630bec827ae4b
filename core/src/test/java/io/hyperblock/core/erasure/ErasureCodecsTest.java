package io.hyperblock.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hyperblock.core.erasure.ErasureCodecs.Implementation;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.InvalidPolicyException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Choosing an implementation, profiles, and the argument checks at the API boundary. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ErasureCodecsTest {

  @Test
  void picksVectorCodecWhenTheVectorApiIsUsable() {
    assumeTrue(ErasureCodecs.vectorAvailable());
    assertThat(ErasureCodecs.create(ErasureCoded.EC_4_2, Implementation.AUTO))
        .isInstanceOf(VectorReedSolomonCodec.class);
  }

  @Test
  void systemPropertyForcesScalarCodec() {
    String previous = System.getProperty(ErasureCodecs.IMPLEMENTATION_PROPERTY);
    try {
      System.setProperty(ErasureCodecs.IMPLEMENTATION_PROPERTY, "Scalar");
      assertThat(ErasureCodecs.create(ErasureCoded.EC_8_3)).isInstanceOf(ReedSolomonCodec.class);
    } finally {
      if (previous == null) {
        System.clearProperty(ErasureCodecs.IMPLEMENTATION_PROPERTY);
      } else {
        System.setProperty(ErasureCodecs.IMPLEMENTATION_PROPERTY, previous);
      }
    }
  }

  @Test
  void rejectsUnknownImplementationNameListingTheChoices() {
    assertThatThrownBy(() -> Implementation.parse("simd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hyperblock.erasure.impl=simd is not one of scalar, vector, auto");
  }

  @Test
  void standardProfilesGiveCodecsOfTheirShape() {
    for (String name : new String[] {"EC_4_2", "EC_8_3", "EC_8_4", "ec_31_1", "EC_1_31"}) {
      ErasureCoded profile = ErasureCoded.parse(name);
      for (ErasureCodec codec : Stripes.codecs(profile)) {
        assertThat(codec.dataUnits()).isEqualTo(profile.dataUnits());
        assertThat(codec.parityUnits()).isEqualTo(profile.parityUnits());
      }
    }
  }

  @Test
  void customProfilesAreValidatedWithReasons() {
    assertThatThrownBy(() -> new ErasureCoded(0, 2))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("(k) must be at least 1");
    assertThatThrownBy(() -> new ErasureCoded(4, 0))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("(m) must be at least 1");
    assertThatThrownBy(() -> new ErasureCoded(30, 3))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("at most 32");
  }

  @Test
  void rejectsShortBufferNamingTheUnitAndLeavesParityUntouched() {
    for (ErasureCodec codec : Stripes.codecs(ErasureCoded.EC_4_2)) {
      ByteBuffer[] data = {
        ByteBuffer.allocate(64),
        ByteBuffer.allocate(64),
        ByteBuffer.allocate(63),
        ByteBuffer.allocate(64)
      };
      ByteBuffer[] parity = {ByteBuffer.allocate(64), ByteBuffer.allocate(64)};
      assertThatThrownBy(() -> codec.encode(data, parity, 64))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("data[2] has 63 bytes remaining (position 0, limit 63) but length is 64");
    }
  }

  @Test
  void rejectsWrongUnitCountAndReadOnlyOutput() {
    ErasureCodec codec = new ReedSolomonCodec(ErasureCoded.EC_4_2);
    ByteBuffer[] data = new ByteBuffer[4];
    for (int i = 0; i < 4; i++) {
      data[i] = ByteBuffer.allocate(8);
    }
    assertThatThrownBy(() -> codec.encode(data, new ByteBuffer[] {ByteBuffer.allocate(8)}, 8))
        .hasMessage("parity must be an array of 2 buffers, got 1");
    ByteBuffer[] readOnly = {ByteBuffer.allocate(8), ByteBuffer.allocate(8).asReadOnlyBuffer()};
    assertThatThrownBy(() -> codec.encode(data, readOnly, 8))
        .hasMessage("parity[1] is read-only but is written by this call");
    assertThatThrownBy(
            () -> codec.reconstruct(new ByteBuffer[6], new boolean[6], new boolean[5], 8))
        .hasMessage("rebuild must have k+m=6 entries, got 5");
  }

  @Test
  void rejectsRebuildingAUnitThatIsPresent() {
    ErasureCodec codec = new ReedSolomonCodec(ErasureCoded.EC_4_2);
    ByteBuffer[] units = new ByteBuffer[6];
    for (int i = 0; i < 6; i++) {
      units[i] = ByteBuffer.allocate(8);
    }
    boolean[] present = {true, true, true, true, true, true};
    boolean[] rebuild = {false, false, false, true, false, false};
    assertThatThrownBy(() -> codec.reconstruct(units, present, rebuild, 8))
        .hasMessageContaining("unit 3 is marked both present and to rebuild");
  }

  @Test
  void encodeLeavesPositionsAndLimitsAlone() {
    for (ErasureCodec codec : Stripes.codecs(ErasureCoded.EC_4_2)) {
      ByteBuffer[] units =
          ReconstructionPropertiesTest.encodedStripe(new java.util.Random(7), codec, 300);
      ByteBuffer[] before = Stripes.copy(units);
      codec.reconstruct(units, new boolean[] {false, true, true, false, true, true}, 300);
      for (int i = 0; i < units.length; i++) {
        assertThat(units[i].position()).isEqualTo(before[i].position());
        assertThat(units[i].limit()).isEqualTo(before[i].limit());
      }
    }
  }
}
