package io.hyperblock.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AsyncAuditLogTest {

  static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  static AuditEvent event(String action) {
    return AuditEvent.of(
        T0, "admin", action, "volume/v", "POST /api/v1/volumes", "success", 201, null);
  }

  /** An audit log whose storage fails while {@link #broken} is set. */
  static final class FlakyLog implements AuditLog {
    final AtomicBoolean broken = new AtomicBoolean();
    final InMemoryAuditLog inner = new InMemoryAuditLog();

    @Override
    public void record(AuditEvent event) {
      if (broken.get()) {
        throw new AuditStoreException("disk full", null);
      }
      inner.record(event);
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
      return inner.query(query);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void queryReadsEventsRecordedBeforeIt() {
    try (AsyncAuditLog log = new AsyncAuditLog(new InMemoryAuditLog(), clock)) {
      log.record(event("volume.create"));
      log.record(event("volume.delete"));

      assertThat(log.query(AuditQuery.latest()))
          .extracting(AuditEvent::action)
          .containsExactly("volume.delete", "volume.create");
      assertThat(log.health()).isEqualTo(AuditHealth.OK);
    }
  }

  @Test
  void failingStorageNeitherThrowsNorHidesTheLoss() {
    FlakyLog flaky = new FlakyLog();
    flaky.broken.set(true);
    try (AsyncAuditLog log = new AsyncAuditLog(flaky, clock)) {
      assertThatCode(() -> log.record(event("volume.create"))).doesNotThrowAnyException();
      log.record(event("volume.delete"));
      assertThat(log.flush(Duration.ofSeconds(5))).isTrue();

      AuditHealth h = log.health();
      assertThat(h.lostEvents()).isEqualTo(2);
      assertThat(h.failing()).isTrue();
      assertThat(h.failingSince()).isEqualTo(T0);
      assertThat(h.lastError()).isEqualTo("disk full");
    }
  }

  @Test
  void aSuccessfulWriteAfterFailuresEndsTheFailureButKeepsTheCount() {
    FlakyLog flaky = new FlakyLog();
    flaky.broken.set(true);
    try (AsyncAuditLog log = new AsyncAuditLog(flaky, clock)) {
      log.record(event("volume.create"));
      log.flush(Duration.ofSeconds(5));
      flaky.broken.set(false);
      log.record(event("volume.delete"));
      log.flush(Duration.ofSeconds(5));

      assertThat(log.health().failing()).isFalse();
      assertThat(log.health().lostEvents()).isEqualTo(1);
      assertThat(log.query(AuditQuery.latest()))
          .extracting(AuditEvent::action)
          .containsExactly("volume.delete");
    }
  }

  @Test
  void aHungStorageNeverBlocksRecordAndOverflowIsCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AuditLog hung = new InMemoryAuditLog();
    AuditLog blocking =
        new AuditLog() {
          @Override
          public void record(AuditEvent event) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            hung.record(event);
          }

          @Override
          public List<AuditEvent> query(AuditQuery query) {
            return hung.query(query);
          }

          @Override
          public void close() {}
        };
    try (AsyncAuditLog log = new AsyncAuditLog(blocking, clock, 2)) {
      // one in the writer, two queued, the fourth does not fit
      for (int i = 0; i < 4; i++) {
        log.record(event("volume.create"));
      }
      assertThat(log.health().lostEvents()).isEqualTo(1);
      assertThat(log.health().lastError()).contains("queue full");
      release.countDown();
      log.flush(Duration.ofSeconds(5));
      assertThat(log.query(AuditQuery.latest())).hasSize(3);
    }
  }
}
