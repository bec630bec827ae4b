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
 */
public record VolumeClientConfig(
    String clientId,
    Duration placementRefresh,
    ErasureCodecs.Implementation codec,
    FaultInjection faults) {

  /** Default placement refresh period: a map changes only on rebuild, drain or rebalance. */
  public static final Duration DEFAULT_PLACEMENT_REFRESH = Duration.ofSeconds(30);

  public VolumeClientConfig {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(placementRefresh, "placementRefresh");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(faults, "faults");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("client id must not be blank; use the host name");
    }
    if (placementRefresh.isNegative()) {
      throw new IllegalArgumentException(
          "placement refresh must be >= 0 (0 disables it), got " + placementRefresh);
    }
  }

  /** Defaults for {@code clientId}. */
  public static VolumeClientConfig defaults(String clientId) {
    return new VolumeClientConfig(
        clientId,
        DEFAULT_PLACEMENT_REFRESH,
        ErasureCodecs.Implementation.AUTO,
        FaultInjection.NONE);
  }

  public VolumeClientConfig withFaults(FaultInjection f) {
    return new VolumeClientConfig(clientId, placementRefresh, codec, f);
  }

  public VolumeClientConfig withPlacementRefresh(Duration d) {
    return new VolumeClientConfig(clientId, d, codec, faults);
  }
}
