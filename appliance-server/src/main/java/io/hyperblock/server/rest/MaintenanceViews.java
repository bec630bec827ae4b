package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.impact.RemovalImpact;
import io.hyperblock.core.impact.VolumeDependency;
import io.hyperblock.core.impact.VolumeImpact;
import io.hyperblock.core.rebalance.BrickFill;
import io.hyperblock.core.rebalance.RebalancePlan;
import io.hyperblock.server.api.MigrationInfo;
import java.util.List;
import java.util.UUID;

/** JSON of impact, dependencies, migrations and rebalance plans (documented in docs/api.md). */
final class MaintenanceViews {

  /** Moves listed in a rebalance plan; the totals always cover every move. */
  static final int MAX_MOVES_SHOWN = 1000;

  private MaintenanceViews() {}

  static ObjectNode impact(RemovalImpact impact) {
    ObjectNode o = domain(impact.domain());
    o.put("safe", impact.safe());
    o.put("makesDataUnavailable", impact.makesDataUnavailable());
    ArrayNode volumes = o.putArray("volumes");
    for (VolumeImpact v : impact.volumes()) {
      ObjectNode n = volumes.addObject();
      n.put("volumeId", v.volumeId().toString());
      n.put("name", v.name());
      n.put("status", v.status().name());
      n.put("faultToleranceBefore", v.toleranceBefore());
      n.put("faultToleranceAfter", v.toleranceAfter());
      n.put("worstStripe", v.worstStripe());
      n.put("worstStripeLost", v.worstStripeLost());
      n.put("unitsPerStripe", v.unitsPerStripe());
      n.put("policyFaultTolerance", v.policyTolerance());
      n.put("message", v.message());
    }
    return o;
  }

  static ObjectNode dependencies(String spec, List<VolumeDependency> deps) {
    ObjectNode o = Json.object();
    o.put("domain", spec);
    ArrayNode volumes = o.putArray("volumes");
    for (VolumeDependency d : deps) {
      ObjectNode n = volumes.addObject();
      n.put("volumeId", d.volumeId().toString());
      n.put("name", d.name());
      n.put("units", d.units().size());
      ArrayNode stripes = n.putArray("stripes");
      d.stripes().forEach(stripes::add);
    }
    return o;
  }

  private static ObjectNode domain(io.hyperblock.core.impact.Domain d) {
    ObjectNode o = Json.object();
    ObjectNode n = o.putObject("domain");
    n.put("level", d.level().name());
    n.put("path", d.path());
    ArrayNode bricks = n.putArray("bricks");
    d.bricks().forEach(b -> bricks.add(b.toString()));
    return o;
  }

  static ObjectNode migration(MigrationInfo m) {
    ObjectNode o = Json.object();
    o.put("id", m.id());
    o.put("kind", m.kind().name());
    o.put("brickId", m.brickId());
    o.put("state", m.state().name());
    o.put("unitsTotal", m.unitsTotal());
    o.put("unitsDone", m.unitsDone());
    JsonViews.size(o, "bytesTotal", m.bytesTotal());
    JsonViews.size(o, "bytesDone", m.bytesDone());
    o.put("percentDone", m.bytesTotal() == 0 ? 100 : 100 * m.bytesDone() / m.bytesTotal());
    o.put("startedAt", m.startedAt() == null ? null : m.startedAt().toString());
    o.put("updatedAt", m.updatedAt() == null ? null : m.updatedAt().toString());
    o.put("etaSeconds", m.eta() == null ? null : m.eta().toSeconds());
    o.put("lastError", m.lastError());
    return o;
  }

  static ObjectNode migrations(List<MigrationInfo> list) {
    ObjectNode o = Json.object();
    ArrayNode items = o.putArray("migrations");
    list.forEach(m -> items.add(migration(m)));
    return o;
  }

  static ObjectNode rebalancePlan(RebalancePlan p) {
    ObjectNode o = Json.object();
    o.put("planId", p.planId());
    o.put("topologyVersion", p.topologyVersion());
    o.put("unitsMoved", p.moves().size());
    o.put("unitsTotal", p.totalUnits());
    o.put("movedFraction", p.movedFraction());
    JsonViews.size(o, "bytesMoved", p.totalBytes());
    o.put("skippedStripes", p.skippedStripes());
    o.put("imbalanceBefore", finite(p.imbalanceBefore()));
    o.put("imbalanceAfter", finite(p.imbalanceAfter()));
    ArrayNode fills = o.putArray("fills");
    for (BrickFill f : p.fills()) {
      ObjectNode n = fills.addObject();
      n.put("brickId", f.brickId().toString());
      n.put("weight", f.weight());
      n.put("takesPlacements", f.takesPlacements());
      JsonViews.size(n, "before", f.bytesBefore());
      JsonViews.size(n, "after", f.bytesAfter());
      n.put("unitsIn", unitsInto(p, f.brickId()));
      n.put("unitsOut", unitsOutOf(p, f.brickId()));
    }
    ArrayNode moves = o.putArray("moves");
    for (UnitMove m : p.moves().subList(0, Math.min(MAX_MOVES_SHOWN, p.moves().size()))) {
      ObjectNode n = moves.addObject();
      n.put("volumeId", m.volumeId().toString());
      n.put("stripe", m.stripeIndex());
      n.put("slot", m.slot());
      n.put("from", m.fromBrick().toString());
      n.put("to", m.toBrick().toString());
      n.put("kind", m.kind().name());
      n.put("bytes", m.bytes());
    }
    o.put("movesShown", moves.size());
    return o;
  }

  private static long unitsInto(RebalancePlan p, UUID brick) {
    return p.moves().stream().filter(m -> m.toBrick().equals(brick)).count();
  }

  private static long unitsOutOf(RebalancePlan p, UUID brick) {
    return p.moves().stream().filter(m -> m.fromBrick().equals(brick)).count();
  }

  /** JSON has no infinity: an unbounded ratio (an empty brick) is sent as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
