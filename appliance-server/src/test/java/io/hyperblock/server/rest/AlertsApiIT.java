package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.alerts.RebuildProgress;
import io.hyperblock.server.audit.AuditEvent;
import io.hyperblock.server.audit.AuditLog;
import io.hyperblock.server.audit.AuditQuery;
import io.hyperblock.server.audit.AuditStoreException;
import io.hyperblock.server.audit.InMemoryAuditLog;
import io.hyperblock.server.rest.RestHarness.Reply;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/alerts and GET /metrics over real HTTP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertsApiIT {

  final InMemoryCluster cluster = InMemoryCluster.withBricks(6, 3);
  final AtomicBoolean auditBroken = new AtomicBoolean();
  Observability obs;
  RestHarness api;

  /** An in-memory audit log that fails while {@link #auditBroken} is set. */
  final class BreakableLog implements AuditLog {
    final InMemoryAuditLog inner = new InMemoryAuditLog();

    @Override
    public void record(AuditEvent event) {
      if (auditBroken.get()) {
        throw new AuditStoreException("No space left on device", null);
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

  void start(Path dir) {
    obs = Observability.over(new BreakableLog(), cluster.volumes(), cluster, Clock.systemUTC());
    api =
        new RestHarness(
            new ApiServices(cluster.volumes(), cluster, cluster, () -> {}),
            dir,
            null,
            obs,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    obs.close();
  }

  @Test
  void aDownBrickIsACriticalAlertAndAMetric(@TempDir Path dir) {
    start(dir);
    UUID down = InMemoryCluster.brickId(2);
    cluster.setBrickState(down, BrickState.DOWN);

    JsonNode alerts = api.get("/api/v1/alerts").json().get("alerts");
    String metrics = api.get("/metrics").raw().body();

    assertThat(alerts).hasSize(1);
    JsonNode a = alerts.get(0);
    assertThat(a.get("kind").asText()).isEqualTo("BRICK_DOWN");
    assertThat(a.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(a.get("subject").asText()).isEqualTo("brick/" + down);
    assertThat(a.get("id").asText()).isEqualTo("brick-down:brick/" + down);
    assertThat(a.get("message").asText()).contains("DOWN");
    assertThat(metrics)
        .contains("hyperblock_brick_up{brick=\"" + down + "\"} 0")
        .contains("hyperblock_brick_up{brick=\"" + InMemoryCluster.brickId(1) + "\"} 1")
        .contains("hyperblock_alerts{kind=\"BRICK_DOWN\",severity=\"CRITICAL\"} 1")
        .contains("hyperblock_alerts{kind=\"VOLUME_DEGRADED\",severity=\"WARNING\"} 0")
        .contains("hyperblock_brick_used_bytes{brick=\"" + down + "\"}")
        .contains("hyperblock_audit_lost_events_total 0");
  }

  @Test
  void volumeHealthIsOneForTheCurrentStateOnly(@TempDir Path dir) {
    start(dir);
    api.post("/api/v1/volumes", VolumeApiContract.R3);

    String metrics = api.get("/metrics").raw().body();

    assertThat(metrics)
        .contains("hyperblock_volume_health{state=\"HEALTHY\",volume=\"postgres-r3\"} 1")
        .contains("hyperblock_volume_health{state=\"DEGRADED\",volume=\"postgres-r3\"} 0");
  }

  @Test
  void aFailingAuditLogNeverFailsTheRequestButRaisesAnAlertAndCountsLostEvents(@TempDir Path dir) {
    start(dir);
    auditBroken.set(true);

    Reply created = api.post("/api/v1/volumes", VolumeApiContract.R3);
    obs.audit().flush(Duration.ofSeconds(5));
    JsonNode alerts = api.get("/api/v1/alerts").json().get("alerts");
    String metrics = api.get("/metrics").raw().body();

    assertThat(created.status()).isEqualTo(201);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("kind").asText()).isEqualTo("AUDIT_FAILING");
    assertThat(alerts.get(0).get("message").asText()).contains("No space left on device");
    assertThat(metrics)
        .contains("hyperblock_audit_lost_events_total 1")
        .contains("hyperblock_alerts{kind=\"AUDIT_FAILING\",severity=\"CRITICAL\"} 1");
  }

  @Test
  void aStalledRebuildIsAWarningAndItsProgressAMetric(@TempDir Path dir) {
    start(dir);
    obs.rebuildsFrom(
        () ->
            List.of(
                new RebuildProgress(
                    "t-1", "postgres-r3", 300, 1000, Instant.now().minus(Duration.ofMinutes(11)))));

    JsonNode alert = api.get("/api/v1/alerts").json().get("alerts").get(0);
    String metrics = api.get("/metrics").raw().body();

    assertThat(alert.get("kind").asText()).isEqualTo("REBUILD_STALLED");
    assertThat(alert.get("severity").asText()).isEqualTo("WARNING");
    assertThat(alert.get("subject").asText()).isEqualTo("rebuild/t-1");
    assertThat(metrics)
        .contains("hyperblock_rebuild_bytes_done{task=\"t-1\",volume=\"postgres-r3\"} 300")
        .contains("hyperblock_rebuild_bytes_total{task=\"t-1\",volume=\"postgres-r3\"} 1000");
  }

  @Test
  void metricsNeedTheBearerTokenAndSpeakPrometheusText(@TempDir Path dir) {
    start(dir);

    Reply anonymous = api.send("GET", "/metrics", null, null);
    Reply scraped = api.get("/metrics");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.contentType()).startsWith("text/plain");
    assertThat(scraped.raw().body()).contains("# TYPE hyperblock_brick_up gauge");
  }
}
