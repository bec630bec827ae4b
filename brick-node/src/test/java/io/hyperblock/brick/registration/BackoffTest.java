package io.hyperblock.brick.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BackoffTest {
  @Test
  void delaysDoubleUpToTheMaximumAndResetToTheMinimum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    b.reset();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
  }
}
