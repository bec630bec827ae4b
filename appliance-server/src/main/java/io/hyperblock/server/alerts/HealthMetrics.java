package io.hyperblock.server.alerts;

import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.HyperblockException;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.audit.AuditHealth;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's health as Prometheus metrics, computed at scrape time from the application services
 * (so a removed brick or volume disappears with the next scrape):
 *
 * <ul>
 *   <li>{@code hyperblock_alerts{kind,severity}}: active alerts, every kind and severity present (0
 *       when none), so alert rules can compare against 0
 *   <li>{@code hyperblock_brick_up{brick}}: 1 when the brick is UP, else 0
 *   <li>{@code hyperblock_brick_used_bytes{brick}}, {@code hyperblock_brick_capacity_bytes{brick}}
 *   <li>{@code hyperblock_volume_health{volume,state}}: 1 for the volume's current state (HEALTHY,
 *       DEGRADED, UNAVAILABLE), 0 for the others
 *   <li>{@code hyperblock_audit_lost_events_total}: audit events that could not be stored
 * </ul>
 *
 * <p>When the metadata group cannot answer during a scrape, the series that need it are left out of
 * that scrape (Prometheus marks them stale) instead of failing the whole scrape.
 */
public final class HealthMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(HealthMetrics.class);

  private HealthMetrics() {}

  public static void register(
      PrometheusRegistry registry,
      BrickService bricks,
      VolumeService volumes,
      AlertService alerts,
      Supplier<AuditHealth> audit) {
    GaugeWithCallback.builder()
        .name("hyperblock_alerts")
        .help("Active alerts by kind and severity (GET /api/v1/alerts lists them)")
        .labelNames("kind", "severity")
        .callback(guarded("alerts", cb -> alertCounts(alerts.current(), cb)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hyperblock_brick_up")
        .help("1 when the brick is UP (heartbeating), else 0")
        .labelNames("brick")
        .callback(
            guarded(
                "bricks",
                cb -> {
                  for (BrickInfo b : bricks.list()) {
                    cb.call(b.brick().state() == BrickState.UP ? 1 : 0, id(b));
                  }
                }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hyperblock_brick_used_bytes")
        .help("Bytes used on the brick, as its last heartbeat reported")
        .labelNames("brick")
        .callback(
            guarded("bricks", cb -> bricks.list().forEach(b -> cb.call(b.usedBytes(), id(b)))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hyperblock_brick_capacity_bytes")
        .help("Capacity of the brick in bytes, as its last heartbeat reported")
        .labelNames("brick")
        .callback(
            guarded("bricks", cb -> bricks.list().forEach(b -> cb.call(b.capacityBytes(), id(b)))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hyperblock_volume_health")
        .help("1 for the volume's current state (HEALTHY, DEGRADED, UNAVAILABLE), 0 for the others")
        .labelNames("volume", "state")
        .callback(
            guarded(
                "volumes",
                cb -> {
                  for (VolumeInfo v : volumes.list()) {
                    for (VolumeState s : VolumeState.values()) {
                      cb.call(v.state() == s ? 1 : 0, v.name(), s.name());
                    }
                  }
                }))
        .register(registry);
    CounterWithCallback.builder()
        .name("hyperblock_audit_lost_events")
        .help("Audit events that could not be stored since the server started")
        .callback(cb -> cb.call(audit.get().lostEvents()))
        .register(registry);
  }

  /**
   * {@code hyperblock_rebuild_bytes_done{task,volume}} and {@code
   * hyperblock_rebuild_bytes_total{task,volume}}: progress of each rebuild in flight (their ratio
   * is the fraction done; the sum of bytes done is the data moved so far).
   */
  public static void registerRebuilds(
      PrometheusRegistry registry, Supplier<List<RebuildProgress>> rebuilds) {
    GaugeWithCallback.builder()
        .name("hyperblock_rebuild_bytes_done")
        .help("Bytes a rebuild task has copied or reconstructed so far")
        .labelNames("task", "volume")
        .callback(
            guarded(
                "rebuilds",
                cb -> rebuilds.get().forEach(r -> cb.call(r.bytesDone(), r.taskId(), r.volume()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hyperblock_rebuild_bytes_total")
        .help("Bytes a rebuild task must move in all")
        .labelNames("task", "volume")
        .callback(
            guarded(
                "rebuilds",
                cb -> rebuilds.get().forEach(r -> cb.call(r.bytesTotal(), r.taskId(), r.volume()))))
        .register(registry);
  }

  private static void alertCounts(List<Alert> active, GaugeWithCallback.Callback cb) {
    Map<AlertKind, Map<Severity, Integer>> counts = new EnumMap<>(AlertKind.class);
    for (AlertKind k : AlertKind.values()) {
      Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
      for (Severity s : Severity.values()) {
        bySeverity.put(s, 0);
      }
      counts.put(k, bySeverity);
    }
    for (Alert a : active) {
      counts.get(a.kind()).merge(a.severity(), 1, Integer::sum);
    }
    counts.forEach(
        (kind, bySeverity) ->
            bySeverity.forEach((severity, n) -> cb.call(n, kind.name(), severity.name())));
  }

  private static String id(BrickInfo b) {
    return b.brick().id().toString();
  }

  private static Consumer<GaugeWithCallback.Callback> guarded(
      String what, Consumer<GaugeWithCallback.Callback> body) {
    return cb -> {
      try {
        body.accept(cb);
      } catch (HyperblockException e) {
        LOG.debug("metrics scrape skipped {}: {}", what, e.getMessage());
      }
    };
  }
}
