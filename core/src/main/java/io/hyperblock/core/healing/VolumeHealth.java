package io.hyperblock.core.healing;

import java.util.Objects;
import java.util.UUID;

/**
 * The health of one volume, derived from a snapshot.
 *
 * @param volumeId the volume
 * @param name its operator-facing name
 * @param status the worst status of its stripes (HEALTHY for a volume without stripes)
 * @param stripes stripes in its placement map
 * @param degradedStripes stripes that lost units within the fault tolerance
 * @param unavailableStripes stripes that lost more units than the fault tolerance
 */
public record VolumeHealth(
    UUID volumeId,
    String name,
    HealthStatus status,
    long stripes,
    long degradedStripes,
    long unavailableStripes) {

  public VolumeHealth {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }
}
