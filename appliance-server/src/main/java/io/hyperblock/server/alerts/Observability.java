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

  private Observability(AsyncAuditLog audit, AlertService alerts, PrometheusRegistry registry) {
    this.audit = audit;
    this.alerts = alerts;
    this.registry = registry;
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
    AlertService alerts =
        new LiveAlertService(
            bricks, volumes, List::of, audit::health, clock, AlertThresholds.DEFAULTS);
    PrometheusRegistry registry = new PrometheusRegistry();
    HealthMetrics.register(registry, bricks, volumes, alerts, audit::health);
    return new Observability(audit, alerts, registry);
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
