package io.hyperblock.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.openhft.hashing.LongHashFunction;

/**
 * Deterministic plan ids: {@code <prefix>-<16 hex digits>}, the xxh3_64 (seed 0) of the plan's
 * canonical text (topology version, every move in order, every new placement map version). The same
 * snapshot therefore gives the same id on every machine, and two plans with different content
 * practically never share one.
 */
public final class PlanIds {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private PlanIds() {}

  /** The id of a plan with this content. */
  public static String of(
      String prefix, long topologyVersion, List<UnitMove> moves, Map<UUID, Long> newMapVersions) {
    StringBuilder canonical = new StringBuilder(prefix).append('\n').append(topologyVersion);
    for (UnitMove m : moves) {
      canonical.append('\n').append(m.describe());
    }
    newMapVersions.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> canonical.append('\n').append(e.getKey()).append('@').append(e.getValue()));
    long h = XXH3.hashBytes(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return prefix + "-" + String.format("%016x", h);
  }
}
