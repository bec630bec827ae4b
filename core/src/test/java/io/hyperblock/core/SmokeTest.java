package io.hyperblock.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void xx3OfEmptyMatchesReference() {
    assertThat(Long.toHexString(LongHashFunction.xx3().hashBytes(new byte[0])))
        .isEqualTo("2d06800538d394c2");
  }
}
