package io.hyperblock.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.audit.AuditHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlertEvaluatorTest {

  static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  static final long CAP = 1_000_000;

  final AlertEvaluator evaluator = new AlertEvaluator(AlertThresholds.DEFAULTS);

  static BrickInfo brick(int n, BrickState state, long used, Instant lastHeartbeat) {
    UUID id = new UUID(0, n);
    return new BrickInfo(
        new Brick(id, "dc1", "rack-a", "host-" + n, CAP, state, "/data/b" + n),
        "127.0.0.1:" + (9100 + n),
        CAP,
        used,
        lastHeartbeat,
        NOW.minus(Duration.ofDays(1)));
  }

  static VolumeInfo volume(String name, VolumeState state) {
    return new VolumeInfo(
        UUID.nameUUIDFromBytes(name.getBytes()),
        name,
        1L << 30,
        1L << 27,
        ErasureCoded.EC_4_2,
        state,
        1,
        0,
        null,
        NOW.minus(Duration.ofHours(1)));
  }

  static AlertInput input(
      List<BrickInfo> bricks, List<VolumeInfo> volumes, List<RebuildProgress> rebuilds) {
    return new AlertInput(NOW, bricks, volumes, rebuilds, AuditHealth.OK, Map.of());
  }

  @Test
  void healthyClusterHasNoAlerts() {
    List<Alert> alerts =
        evaluator.evaluate(
            input(
                List.of(brick(1, BrickState.UP, CAP / 2, NOW), brick(2, BrickState.UP, 0, NOW)),
                List.of(volume("ok", VolumeState.HEALTHY)),
                List.of()));

    assertThat(alerts).isEmpty();
  }

  @Test
  void downBrickIsCriticalSinceItsLastHeartbeat() {
    Instant last = NOW.minus(Duration.ofMinutes(3));
    Alert a =
        evaluator
            .evaluate(input(List.of(brick(7, BrickState.DOWN, 0, last)), List.of(), List.of()))
            .getFirst();

    assertThat(a.kind()).isEqualTo(AlertKind.BRICK_DOWN);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.subject()).isEqualTo("brick/" + new UUID(0, 7));
    assertThat(a.id()).isEqualTo("brick-down:brick/" + new UUID(0, 7));
    assertThat(a.since()).isEqualTo(last);
    assertThat(a.message()).contains("dc1/rack-a/host-7").contains("DOWN");
  }

  @Test
  void nearlyFullBrickWarnsAt85PercentAndIsCriticalAt95WithTheSameId() {
    List<Alert> below =
        evaluator.evaluate(
            input(List.of(brick(1, BrickState.UP, 849_999, NOW)), List.of(), List.of()));
    Alert warn =
        evaluator
            .evaluate(input(List.of(brick(1, BrickState.UP, 850_000, NOW)), List.of(), List.of()))
            .getFirst();
    Alert crit =
        evaluator
            .evaluate(input(List.of(brick(1, BrickState.UP, 950_000, NOW)), List.of(), List.of()))
            .getFirst();

    assertThat(below).isEmpty();
    assertThat(warn.kind()).isEqualTo(AlertKind.BRICK_NEARLY_FULL);
    assertThat(warn.severity()).isEqualTo(Severity.WARNING);
    assertThat(warn.message()).contains("85.0% full");
    assertThat(crit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(crit.id()).isEqualTo(warn.id());
  }

  @Test
  void drainedAndRemovedBricksRaiseNothing() {
    List<Alert> alerts =
        evaluator.evaluate(
            input(
                List.of(
                    brick(1, BrickState.DRAINED, CAP, null),
                    brick(2, BrickState.REMOVED, CAP, null)),
                List.of(),
                List.of()));

    assertThat(alerts).isEmpty();
  }

  @Test
  void degradedVolumeWarnsAndUnavailableVolumeIsCritical() {
    List<Alert> alerts =
        evaluator.evaluate(
            input(
                List.of(),
                List.of(volume("a", VolumeState.DEGRADED), volume("b", VolumeState.UNAVAILABLE)),
                List.of()));

    assertThat(alerts)
        .extracting(Alert::kind, Alert::severity, Alert::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.VOLUME_UNAVAILABLE, Severity.CRITICAL, "volume/b"),
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.VOLUME_DEGRADED, Severity.WARNING, "volume/a"));
  }

  @Test
  void rebuildWithoutProgressForTenMinutesIsStalled() {
    RebuildProgress stalled =
        new RebuildProgress("t1", "vol", 10, 100, NOW.minus(Duration.ofMinutes(10)));
    RebuildProgress moving =
        new RebuildProgress("t2", "vol", 10, 100, NOW.minus(Duration.ofMinutes(9)));
    RebuildProgress done =
        new RebuildProgress("t3", "vol", 100, 100, NOW.minus(Duration.ofHours(1)));

    List<Alert> alerts =
        evaluator.evaluate(input(List.of(), List.of(), List.of(stalled, moving, done)));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.REBUILD_STALLED);
              assertThat(a.subject()).isEqualTo("rebuild/t1");
              assertThat(a.since()).isEqualTo(stalled.lastProgressAt());
              assertThat(a.message()).contains("10 of 100 bytes");
            });
  }

  @Test
  void failingAuditStorageIsCriticalAndNamesTheError() {
    Instant since = NOW.minusSeconds(30);
    AlertInput in =
        new AlertInput(
            NOW, List.of(), List.of(), List.of(), new AuditHealth(3, since, "disk full"), Map.of());

    Alert a = evaluator.evaluate(in).getFirst();

    assertThat(a.kind()).isEqualTo(AlertKind.AUDIT_FAILING);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.since()).isEqualTo(since);
    assertThat(a.message()).contains("3 lost").contains("disk full");
  }

  @Test
  void anAlertSeenBeforeKeepsItsFirstSeenTime() {
    Instant earlier = NOW.minus(Duration.ofHours(2));
    String id = Alert.idOf(AlertKind.VOLUME_DEGRADED, "volume/a");
    AlertInput in =
        new AlertInput(
            NOW,
            List.of(),
            List.of(volume("a", VolumeState.DEGRADED)),
            List.of(),
            AuditHealth.OK,
            Map.of(id, earlier));

    assertThat(evaluator.evaluate(in).getFirst().since()).isEqualTo(earlier);
  }

  @Test
  void criticalAlertsComeFirst() {
    List<Alert> alerts =
        evaluator.evaluate(
            input(
                List.of(brick(1, BrickState.UP, 900_000, NOW), brick(2, BrickState.DOWN, 0, NOW)),
                List.of(volume("a", VolumeState.DEGRADED)),
                List.of()));

    assertThat(alerts)
        .extracting(Alert::severity)
        .containsExactly(Severity.CRITICAL, Severity.WARNING, Severity.WARNING);
    assertThat(alerts.getFirst().kind()).isEqualTo(AlertKind.BRICK_DOWN);
  }
}
