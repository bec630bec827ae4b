package io.hyperblock.brick.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TokenBucketTest {

  /** A clock that only moves when the bucket pauses: waiting costs no real time. */
  private static final class FakeTime extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<Duration> pauses = new ArrayList<>();

    void pause(Duration d) {
      pauses.add(d);
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void sustainedTransferIsHeldToTheConfiguredRate() throws InterruptedException {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(10L << 20, time, time::pause);
    Instant start = time.now;

    for (int i = 0; i < 100; i++) {
      bucket.acquire(1 << 20); // 100 MiB at 10 MiB/s
    }

    assertThat(Duration.between(start, time.now))
        .isBetween(Duration.ofMillis(9_900), Duration.ofMillis(10_100));
  }

  @Test
  void idleTimeBuysAtMostOneSecondOfBurst() throws InterruptedException {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1 << 20, time, time::pause);
    time.now = time.now.plusSeconds(3600);

    bucket.acquire(1 << 20);
    assertThat(time.pauses).isEmpty();
    bucket.acquire(1 << 20);
    assertThat(time.pauses).hasSize(1);
    assertThat(time.pauses.getFirst()).isBetween(Duration.ofMillis(990), Duration.ofMillis(1010));
  }

  @Test
  void unlimitedBucketNeverWaits() throws InterruptedException {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(0, time, time::pause);
    bucket.acquire(Long.MAX_VALUE / 2);
    assertThat(time.pauses).isEmpty();
  }
}
