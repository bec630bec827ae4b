package io.hyperblock.server.alerts;

import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.audit.AuditHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of everything alerts are computed from.
 *
 * @param now the evaluation time
 * @param bricks every brick (any state)
 * @param volumes every volume
 * @param rebuilds rebuild tasks in progress; empty when none (or none tracked yet)
 * @param audit whether audit events are being stored
 * @param firstSeen when each currently known alert id was first reported (from the previous
 *     evaluation); an alert not in it starts {@code now} unless its condition carries its own start
 */
public record AlertInput(
    Instant now,
    List<BrickInfo> bricks,
    List<VolumeInfo> volumes,
    List<RebuildProgress> rebuilds,
    AuditHealth audit,
    Map<String, Instant> firstSeen) {

  public AlertInput {
    Objects.requireNonNull(now, "now");
    bricks = List.copyOf(bricks);
    volumes = List.copyOf(volumes);
    rebuilds = List.copyOf(rebuilds);
    Objects.requireNonNull(audit, "audit");
    firstSeen = Map.copyOf(firstSeen);
  }
}
