package io.hyperblock.brick.repair;

import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.RepairSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A validated RebuildUnit request.
 *
 * @param unitBytes size of the unit in bytes
 * @param sources where to read, preferred first
 * @param maxBytesPerSecond rate limit; 0 = unlimited
 * @param changedSinceMillis 0 for a full copy; else a catch-up: replicas copy only the ranges the
 *     source changed since (source clock), EC shards rewrite only the rows whose local version
 *     differs from the row's consistent version (EC delta resync)
 * @param fence ADR 0009: the bricks (besides this one) to freeze the stripe on before the final
 *     catch-up; empty = no fencing, as before ADR 0009
 * @param fenceToken names the freezes (the task id)
 * @param fenceLeaseMillis lease of each freeze
 * @param releaseFenceWhenDone release the freezes once finished (delta resync)
 */
public record RebuildSpec(
    String taskId,
    UUID volumeId,
    long stripeIndex,
    int shardIndex,
    RebuildKind kind,
    long unitBytes,
    List<Source> sources,
    int dataUnits,
    int parityUnits,
    int stripeUnit,
    long epoch,
    long maxBytesPerSecond,
    long changedSinceMillis,
    List<Source> fence,
    String fenceToken,
    long fenceLeaseMillis,
    boolean releaseFenceWhenDone) {

  /** Lease of the freezes when the request gives none (ADR 0009: 30 s). */
  static final long DEFAULT_FENCE_LEASE_MILLIS = 30_000;

  /** Bounds of a freeze lease, as FreezeStripe accepts them (PlacementGate). */
  static final long MIN_FENCE_LEASE_MILLIS = 1_000;

  static final long MAX_FENCE_LEASE_MILLIS = 600_000;

  /** Whether the rebuild ends with a fenced catch-up (ADR 0009). */
  public boolean fenced() {
    return !fence.isEmpty();
  }

  /** One source brick and the shard index it holds for the stripe. */
  public record Source(String brickId, String address, int shardIndex) {}

  /** Largest stripe unit accepted: one row of k+m units is held in memory. */
  static final int MAX_STRIPE_UNIT = 16 << 20;

  /**
   * Validates a request.
   *
   * @throws IllegalArgumentException naming the bad field and the accepted values
   */
  public static RebuildSpec of(RebuildUnitRequest r) {
    UUID volume;
    try {
      volume = UUID.fromString(r.getVolumeId());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "volume_id '" + r.getVolumeId() + "' is not a UUID like 3f2b0c1e-...");
    }
    require(r.getStripeIndex() >= 0, "stripe_index must be >= 0, got " + r.getStripeIndex());
    require(r.getShardIndex() >= 0, "shard_index must be >= 0, got " + r.getShardIndex());
    require(r.getUnitBytes() > 0, "unit_bytes must be > 0, got " + r.getUnitBytes());
    require(r.getEpoch() >= 0, "epoch must be >= 0, got " + r.getEpoch());
    require(!r.getSourcesList().isEmpty(), "sources is empty: a rebuild needs a brick to read");
    List<Source> sources = new ArrayList<>();
    for (RepairSource s : r.getSourcesList()) {
      require(!s.getAddress().isBlank(), "source " + s.getBrickId() + " has no address");
      sources.add(new Source(s.getBrickId(), s.getAddress(), s.getShardIndex()));
    }
    List<Source> fence = new ArrayList<>();
    for (RepairSource s : r.getFenceList()) {
      require(!s.getAddress().isBlank(), "fence brick " + s.getBrickId() + " has no address");
      fence.add(new Source(s.getBrickId(), s.getAddress(), s.getShardIndex()));
    }
    long lease =
        r.getFenceLeaseMillis() == 0 ? DEFAULT_FENCE_LEASE_MILLIS : r.getFenceLeaseMillis();
    String token = r.getFenceToken().isEmpty() ? r.getTaskId() : r.getFenceToken();
    if (!fence.isEmpty()) {
      require(
          !token.isBlank(), "fence_token (or task_id) is empty: a freeze needs a token to release");
      require(
          lease >= MIN_FENCE_LEASE_MILLIS && lease <= MAX_FENCE_LEASE_MILLIS,
          "fence_lease_millis "
              + lease
              + " is outside "
              + MIN_FENCE_LEASE_MILLIS
              + ".."
              + MAX_FENCE_LEASE_MILLIS);
    }
    switch (r.getKind()) {
      case REBUILD_KIND_COPY_REPLICA -> {}
      case REBUILD_KIND_RECONSTRUCT_SHARD -> {
        int k = r.getDataUnits();
        int m = r.getParityUnits();
        int unit = r.getStripeUnit();
        require(k >= 1 && m >= 1 && k + m <= 32, "EC profile " + k + "+" + m + " is invalid");
        require(
            r.getShardIndex() < k + m,
            "shard_index " + r.getShardIndex() + " is outside the " + (k + m) + " units");
        require(
            unit > 0 && Integer.bitCount(unit) == 1 && unit <= MAX_STRIPE_UNIT,
            "stripe_unit must be a power of two up to 16 MiB, got " + unit);
        require(
            r.getUnitBytes() % unit == 0,
            "unit_bytes " + r.getUnitBytes() + " is not a multiple of stripe_unit " + unit);
        boolean ownCopy = sources.stream().anyMatch(s -> s.shardIndex() == r.getShardIndex());
        require(
            ownCopy || sources.size() >= k,
            "reconstructing needs at least k="
                + k
                + " sources (or one holding shard "
                + r.getShardIndex()
                + " itself), got "
                + sources.size());
      }
      default ->
          throw new IllegalArgumentException("kind must be COPY_REPLICA or RECONSTRUCT_SHARD");
    }
    return new RebuildSpec(
        r.getTaskId(),
        volume,
        r.getStripeIndex(),
        r.getShardIndex(),
        r.getKind(),
        r.getUnitBytes(),
        sources,
        r.getDataUnits(),
        r.getParityUnits(),
        r.getStripeUnit(),
        r.getEpoch(),
        Math.max(0, r.getMaxBytesPerSecond()),
        Math.max(0, r.getChangedSinceMillis()),
        List.copyOf(fence),
        token,
        lease,
        r.getReleaseFenceWhenDone());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
