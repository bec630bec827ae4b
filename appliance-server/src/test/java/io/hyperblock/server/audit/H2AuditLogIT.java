package io.hyperblock.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file database and its Flyway migrations, on a real directory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2AuditLogIT {

  static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  static AuditEvent event(Instant at, String actor, String action, String result, int status) {
    return AuditEvent.of(
        at,
        actor,
        action,
        "volume/v",
        "POST /api/v1/volumes {name=v}",
        result,
        status,
        status < 400 ? null : "a volume named v exists");
  }

  @Test
  void freshDataDirectoryGetsTheMigratedSchema(@TempDir Path dir) {
    try (H2AuditLog log = H2AuditLog.open(dir)) {
      assertThat(log.schemaVersion()).isEqualTo("1");
      assertThat(log.query(AuditQuery.latest())).isEmpty();
    }
    assertThat(dir.resolve("audit/audit.mv.db")).exists();
  }

  @Test
  void reopeningKeepsEveryEventWithItsFields(@TempDir Path dir) {
    try (H2AuditLog log = H2AuditLog.open(dir)) {
      log.record(event(T0, "admin", "volume.create", "success", 201));
      log.record(event(T0.plusSeconds(1), "admin", "volume.create", "conflict", 409));
    }

    try (H2AuditLog log = H2AuditLog.open(dir)) {
      assertThat(log.schemaVersion()).isEqualTo("1");
      var events = log.query(AuditQuery.latest());
      assertThat(events).hasSize(2);
      AuditEvent newest = events.getFirst();
      assertThat(newest.id()).isGreaterThan(events.get(1).id());
      assertThat(newest.at()).isEqualTo(T0.plusSeconds(1));
      assertThat(newest.actor()).isEqualTo("admin");
      assertThat(newest.action()).isEqualTo("volume.create");
      assertThat(newest.target()).isEqualTo("volume/v");
      assertThat(newest.request()).isEqualTo("POST /api/v1/volumes {name=v}");
      assertThat(newest.result()).isEqualTo("conflict");
      assertThat(newest.status()).isEqualTo(409);
      assertThat(newest.detail()).isEqualTo("a volume named v exists");
      assertThat(events.get(1).detail()).isNull();
    }
  }

  @Test
  void queriesFilterByActorActionAndSinceNewestFirstWithinTheLimit(@TempDir Path dir) {
    try (H2AuditLog log = H2AuditLog.open(dir)) {
      for (int i = 0; i < 5; i++) {
        log.record(
            event(
                T0.plus(Duration.ofMinutes(i)),
                i % 2 == 0 ? "admin" : "ops",
                i < 3 ? "volume.create" : "volume.delete",
                "success",
                200));
      }

      assertThat(log.query(new AuditQuery("ops", null, null, 10)))
          .extracting(AuditEvent::at)
          .containsExactly(T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(1)));
      assertThat(log.query(new AuditQuery(null, "volume.delete", null, 10))).hasSize(2);
      assertThat(log.query(new AuditQuery(null, null, T0.plus(Duration.ofMinutes(2)), 10)))
          .hasSize(3);
      assertThat(log.query(new AuditQuery("admin", "volume.create", null, 1)))
          .singleElement()
          .extracting(AuditEvent::at)
          .isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }
  }

  @Test
  void anUnusableDirectoryIsReportedWithItsPath(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("audit");
    Files.writeString(blocker, "not a directory");

    assertThatThrownBy(() -> H2AuditLog.open(dir))
        .isInstanceOf(AuditStoreException.class)
        .hasMessageContaining(blocker.toString())
        .hasMessageContaining("check the disk");
  }

  @Test
  void aClosedLogRefusesWritesWithAnException(@TempDir Path dir) {
    H2AuditLog log = H2AuditLog.open(dir);
    log.close();
    log.close();

    assertThatThrownBy(() -> log.record(event(T0, "admin", "volume.create", "success", 201)))
        .isInstanceOf(AuditStoreException.class)
        .hasMessageContaining("closed");
  }
}
