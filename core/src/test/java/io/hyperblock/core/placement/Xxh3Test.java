package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class Xxh3Test {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  @Test
  void inlinedSixteenByteHashEqualsTheLibraryOnRandomAndEdgeInputs() {
    SplittableRandom random = new SplittableRandom(20261125L);
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L};
    for (long a : edges) {
      for (long b : edges) {
        assertThat(Xxh3.hash16(a, b)).isEqualTo(library(a, b));
      }
    }
    for (int i = 0; i < 200_000; i++) {
      long a = random.nextLong();
      long b = random.nextLong();
      assertThat(Xxh3.hash16(a, b)).isEqualTo(library(a, b));
    }
  }

  private static long library(long first, long second) {
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    return XXH3.hashBytes(bytes.putLong(first).putLong(second).array());
  }
}
