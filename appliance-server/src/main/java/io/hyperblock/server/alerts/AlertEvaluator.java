package io.hyperblock.server.alerts;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.VolumeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Computes the active alerts from a cluster snapshot. Pure: no clock, no I/O, same input same
 * output.
 *
 * <p>Rules: a DOWN brick is CRITICAL; an UP or DRAINING brick at or above the warning (critical)
 * share of its capacity is WARNING (CRITICAL), bricks that report no capacity are skipped; a
 * DEGRADED volume is WARNING, an UNAVAILABLE one CRITICAL; an unfinished rebuild whose last
 * progress is at least the stall threshold old is WARNING; failing audit storage is CRITICAL.
 * Alerts come out CRITICAL first, then by kind, then by subject.
 */
public final class AlertEvaluator {

  private static final Comparator<Alert> ORDER =
      Comparator.comparing(Alert::severity, Comparator.reverseOrder())
          .thenComparing(Alert::kind)
          .thenComparing(Alert::subject);

  private final AlertThresholds thresholds;

  public AlertEvaluator(AlertThresholds thresholds) {
    this.thresholds = thresholds;
  }

  public List<Alert> evaluate(AlertInput in) {
    List<Alert> out = new ArrayList<>();
    for (BrickInfo b : in.bricks()) {
      brick(in, b, out);
    }
    for (VolumeInfo v : in.volumes()) {
      String subject = "volume/" + v.name();
      switch (v.state()) {
        case DEGRADED ->
            out.add(
                alert(
                    in,
                    AlertKind.VOLUME_DEGRADED,
                    Severity.WARNING,
                    subject,
                    "volume "
                        + v.name()
                        + " lost redundancy on some stripes; data is readable, but another"
                        + " failure may make it unavailable. Bring the DOWN bricks back or let the"
                        + " rebuild finish",
                    null));
        case UNAVAILABLE ->
            out.add(
                alert(
                    in,
                    AlertKind.VOLUME_UNAVAILABLE,
                    Severity.CRITICAL,
                    subject,
                    "volume "
                        + v.name()
                        + " lost more units than "
                        + v.policy().displayName()
                        + " tolerates on some stripes; reads there fail until enough of its"
                        + " DOWN bricks return",
                    null));
        case HEALTHY -> {}
      }
    }
    for (RebuildProgress r : in.rebuilds()) {
      Duration idle = Duration.between(r.lastProgressAt(), in.now());
      if (!r.finished() && idle.compareTo(thresholds.rebuildStall()) >= 0) {
        out.add(
            alert(
                in,
                AlertKind.REBUILD_STALLED,
                Severity.WARNING,
                "rebuild/" + r.taskId(),
                "rebuild "
                    + r.taskId()
                    + " of volume "
                    + r.volume()
                    + " made no progress for "
                    + idle.toMinutes()
                    + " min ("
                    + r.bytesDone()
                    + " of "
                    + r.bytesTotal()
                    + " bytes); check that its source and target bricks are UP and reachable",
                r.lastProgressAt()));
      }
    }
    if (in.audit().failing()) {
      out.add(
          alert(
              in,
              AlertKind.AUDIT_FAILING,
              Severity.CRITICAL,
              "audit",
              "audit events are not being stored ("
                  + in.audit().lostEvents()
                  + " lost so far; last error: "
                  + in.audit().lastError()
                  + "); check the disk under <dataDir>/audit",
              in.audit().failingSince()));
    }
    out.sort(ORDER);
    return List.copyOf(out);
  }

  private void brick(AlertInput in, BrickInfo info, List<Alert> out) {
    Brick b = info.brick();
    String subject = "brick/" + b.id();
    String where = b.id() + " (" + b.domainPath(io.hyperblock.core.topology.DomainLevel.HOST) + ")";
    if (b.state() == BrickState.DOWN) {
      out.add(
          alert(
              in,
              AlertKind.BRICK_DOWN,
              Severity.CRITICAL,
              subject,
              "brick "
                  + where
                  + " is DOWN: no heartbeat since "
                  + (info.lastHeartbeat() == null ? "this server started" : info.lastHeartbeat())
                  + "; check its host and process, or drain and replace it",
              info.lastHeartbeat()));
      return;
    }
    if (!(b.state() == BrickState.UP || b.state() == BrickState.DRAINING)
        || info.capacityBytes() <= 0) {
      return;
    }
    double used = (double) info.usedBytes() / info.capacityBytes();
    Severity severity =
        used >= thresholds.nearlyFullCritical()
            ? Severity.CRITICAL
            : used >= thresholds.nearlyFullWarning() ? Severity.WARNING : null;
    if (severity != null) {
      out.add(
          alert(
              in,
              AlertKind.BRICK_NEARLY_FULL,
              severity,
              subject,
              String.format(
                  Locale.ROOT,
                  "brick %s is %.1f%% full (%d of %d bytes); add capacity or rebalance",
                  where,
                  used * 100,
                  info.usedBytes(),
                  info.capacityBytes()),
              null));
    }
  }

  /**
   * @param conditionStart when the condition itself began, if known; otherwise the first time an
   *     evaluation saw the alert, or now
   */
  private static Alert alert(
      AlertInput in,
      AlertKind kind,
      Severity severity,
      String subject,
      String message,
      Instant conditionStart) {
    String id = Alert.idOf(kind, subject);
    Instant since =
        conditionStart != null ? conditionStart : in.firstSeen().getOrDefault(id, in.now());
    return new Alert(id, severity, kind, subject, message, since);
  }
}
