package io.hyperblock.server.alerts;

import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.audit.AuditHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Evaluates alerts on demand from the application services, and remembers when each alert was first
 * seen so its {@code since} stays put across calls (an alert that clears and returns starts again).
 */
public final class LiveAlertService implements AlertService {

  private final BrickService bricks;
  private final VolumeService volumes;
  private final Supplier<List<RebuildProgress>> rebuilds;
  private final Supplier<AuditHealth> audit;
  private final Clock clock;
  private final AlertEvaluator evaluator;
  private Map<String, Instant> firstSeen = Map.of();

  /**
   * @param rebuilds rebuild tasks in progress ({@code List::of} until rebuilds are tracked)
   * @param audit the audit log's health ({@code () -> AuditHealth.OK} without one)
   */
  public LiveAlertService(
      BrickService bricks,
      VolumeService volumes,
      Supplier<List<RebuildProgress>> rebuilds,
      Supplier<AuditHealth> audit,
      Clock clock,
      AlertThresholds thresholds) {
    this.bricks = bricks;
    this.volumes = volumes;
    this.rebuilds = rebuilds;
    this.audit = audit;
    this.clock = clock;
    this.evaluator = new AlertEvaluator(thresholds);
  }

  @Override
  public List<Alert> current() {
    // Read outside the lock: the services may wait on the metadata group.
    var brickList = bricks.list();
    var volumeList = volumes.list();
    var rebuildList = rebuilds.get();
    AuditHealth auditHealth = audit.get();
    synchronized (this) {
      List<Alert> alerts =
          evaluator.evaluate(
              new AlertInput(
                  clock.instant(), brickList, volumeList, rebuildList, auditHealth, firstSeen));
      Map<String, Instant> seen = new HashMap<>();
      for (Alert a : alerts) {
        seen.put(a.id(), a.since());
      }
      firstSeen = seen;
      return alerts;
    }
  }
}
