package io.hyperblock.server.alerts;

import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.audit.AsyncAuditLog;
import io.hyperblock.server.audit.AuditLog;
import io.hyperblock.server.audit.H2AuditLog;
import io.hyperblock.server.audit.InMemoryAuditLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The audit log, alerts and metrics registry of one server, built together because they feed each
 * other (a failing audit log raises an alert and a metric). Close it after the REST API stopped.
 *
 * <p>Wiring: {@code Observability obs = Observability.open(dataDir, volumes, bricks, clock)}, then
 * hand {@link #audit()}, {@link #alerts()} and {@link #registry()} to the REST server.
 */
public final class Observability implements AutoCloseable {

  private final AsyncAuditLog audit;
  private final AlertService alerts;
  private final PrometheusRegistry registry;
  private final AtomicReference<Supplier<List<RebuildProgress>>> rebuilds;

  private Observability(
      AsyncAuditLog audit,
      AlertService alerts,
      PrometheusRegistry registry,
      AtomicReference<Supplier<List<RebuildProgress>>> rebuilds) {
    this.audit = audit;
    this.alerts = alerts;
    this.registry = registry;
    this.rebuilds = rebuilds;
  }

  /**
   * With the audit log in {@code <dataDir>/audit/} (H2, Flyway-migrated).
   *
   * @throws io.hyperblock.server.audit.AuditStoreException the audit database cannot be opened
   */
  public static Observability open(
      Path dataDir, VolumeService volumes, BrickService bricks, Clock clock) {
    return over(H2AuditLog.open(dataDir), volumes, bricks, clock);
  }

  /** With an in-memory audit log (lost on restart): for tests and tools. */
  public static Observability inMemory(VolumeService volumes, BrickService bricks, Clock clock) {
    return over(new InMemoryAuditLog(), volumes, bricks, clock);
  }

  /** Over any audit log, which this object then owns and closes. */
  public static Observability over(
      AuditLog log, VolumeService volumes, BrickService bricks, Clock clock) {
    AsyncAuditLog audit = new AsyncAuditLog(log, clock);
    AtomicReference<Supplier<List<RebuildProgress>>> rebuilds = new AtomicReference<>(List::of);
    Supplier<List<RebuildProgress>> current = () -> rebuilds.get().get();
    AlertService alerts =
        new LiveAlertService(
            bricks, volumes, current, audit::health, clock, AlertThresholds.DEFAULTS);
    PrometheusRegistry registry = new PrometheusRegistry();
    HealthMetrics.register(registry, bricks, volumes, alerts, audit::health);
    HealthMetrics.registerRebuilds(registry, current);
    return new Observability(audit, alerts, registry, rebuilds);
  }

  /**
   * Where rebuild progress comes from (for {@code REBUILD_STALLED} and the {@code
   * hyperblock_rebuild_*} gauges); none until the healing executor calls this.
   *
   * @param source rebuild tasks in progress; called on every alert query and scrape, so it must be
   *     cheap and must not block
   */
  public void rebuildsFrom(Supplier<List<RebuildProgress>> source) {
    rebuilds.set(java.util.Objects.requireNonNull(source, "source"));
  }

  /** Never blocks nor throws on record; see {@link AsyncAuditLog}. */
  public AsyncAuditLog audit() {
    return audit;
  }

  public AlertService alerts() {
    return alerts;
  }

  /** The registry {@code GET /metrics} exposes; other components may register into it. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Writes queued audit events, then closes the audit database. */
  @Override
  public void close() {
    audit.close();
  }
}
