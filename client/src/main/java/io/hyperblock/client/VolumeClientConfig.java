package io.hyperblock.client;

import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.core.erasure.ErasureCodecs;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of a {@link VolumeClient}, in one place.
 *
 * @param clientId stable id of this exporter sent with attach (host name, CSI node id); the
 *     management server shows it as the volume's holder
 * @param placementRefresh how often the cached placement map is re-fetched (default 30 s); a map is
 *     also re-fetched by {@link VolumeClient#refreshPlacement()}. Zero disables the timer.
 * @param codec which Reed-Solomon kernels to use (default AUTO: vector when available)
 * @param faults named fault-injection points (default {@link FaultInjection#NONE})
 * @param placementSettle how long a write or trim keeps retrying while bricks refuse it because its
 *     stripe's placement is changing (ADR 0009: frozen for a unit move, or below the placement
 *     floor), counted from the first refusal (default 60 s); then it fails with {@link
 *     VolumeUnavailableException}
 */
public record VolumeClientConfig(
    String clientId,
    Duration placementRefresh,
    ErasureCodecs.Implementation codec,
    FaultInjection faults,
    Duration placementSettle) {

  /** Default placement refresh period: a map changes only on rebuild, drain or rebalance. */
  public static final Duration DEFAULT_PLACEMENT_REFRESH = Duration.ofSeconds(30);

  /** Default bound on retries of an operation refused for a placement change (ADR 0009). */
  public static final Duration DEFAULT_PLACEMENT_SETTLE = Duration.ofSeconds(60);

  public VolumeClientConfig {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(placementRefresh, "placementRefresh");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(placementSettle, "placementSettle");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("client id must not be blank; use the host name");
    }
    if (placementRefresh.isNegative()) {
      throw new IllegalArgumentException(
          "placement refresh must be >= 0 (0 disables it), got " + placementRefresh);
    }
    if (placementSettle.isNegative()) {
      throw new IllegalArgumentException("placement settle must be >= 0, got " + placementSettle);
    }
  }

  /** The settings with the default placement settle bound. */
  public VolumeClientConfig(
      String clientId,
      Duration placementRefresh,
      ErasureCodecs.Implementation codec,
      FaultInjection faults) {
    this(clientId, placementRefresh, codec, faults, DEFAULT_PLACEMENT_SETTLE);
  }

  /** Defaults for {@code clientId}. */
  public static VolumeClientConfig defaults(String clientId) {
    return new VolumeClientConfig(
        clientId,
        DEFAULT_PLACEMENT_REFRESH,
        ErasureCodecs.Implementation.AUTO,
        FaultInjection.NONE,
        DEFAULT_PLACEMENT_SETTLE);
  }

  public VolumeClientConfig withFaults(FaultInjection f) {
    return new VolumeClientConfig(clientId, placementRefresh, codec, f, placementSettle);
  }

  public VolumeClientConfig withPlacementRefresh(Duration d) {
    return new VolumeClientConfig(clientId, d, codec, faults, placementSettle);
  }

  public VolumeClientConfig withPlacementSettle(Duration d) {
    return new VolumeClientConfig(clientId, placementRefresh, codec, faults, d);
  }
}
