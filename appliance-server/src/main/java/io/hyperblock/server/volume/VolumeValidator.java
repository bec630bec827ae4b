package io.hyperblock.server.volume;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.InvalidPolicyException;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.ValidationException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks volume requests before anything is proposed; each failure is a {@link ValidationException}
 * naming the field and saying what would be accepted. Pure: the caller passes the topology it
 * validates against.
 */
public final class VolumeValidator {

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private VolumeValidator() {}

  /**
   * Builds a policy from request fields, turning core's {@link InvalidPolicyException} (e.g. k+m
   * above 32) into a {@link ValidationException} on field {@code policy}.
   */
  public static ProtectionPolicy policy(Supplier<ProtectionPolicy> build) {
    try {
      return build.get();
    } catch (InvalidPolicyException e) {
      throw new ValidationException("policy", e.getMessage());
    }
  }

  /** Erasure coding k+m, or replication with {@code replicas} copies, validated. */
  public static ProtectionPolicy erasureCoded(int dataChunks, int parityChunks) {
    return policy(() -> new ErasureCoded(dataChunks, parityChunks));
  }

  public static ProtectionPolicy replicated(int replicas) {
    return policy(() -> Replicated.of(replicas));
  }

  static void name(String name) {
    if (name == null || name.isEmpty()) {
      throw new ValidationException("name", "volume name is missing; use e.g. postgres-r3");
    }
    if (name.length() > VolumeLimits.MAX_NAME_LENGTH) {
      throw new ValidationException(
          "name",
          "volume name '"
              + name
              + "' is "
              + name.length()
              + " characters long; the maximum is "
              + VolumeLimits.MAX_NAME_LENGTH);
    }
    if (!DNS_1123_LABEL.matcher(name).matches()) {
      throw new ValidationException(
          "name",
          "volume name '"
              + name
              + "' is not a DNS-1123 label: use lower-case letters, digits and '-',"
              + " starting and ending with a letter or digit (e.g. analytics-ec)");
    }
  }

  static void size(long sizeBytes) {
    if (sizeBytes <= 0) {
      throw new ValidationException(
          "size", "volume size " + sizeBytes + " B must be positive; use e.g. 100GiB");
    }
    if (sizeBytes < VolumeLimits.MIN_SIZE) {
      throw new ValidationException(
          "size",
          "volume size " + sizeBytes + " B is below the minimum of 1 MiB; did you forget a unit?");
    }
    if (sizeBytes > VolumeLimits.MAX_SIZE) {
      throw new ValidationException(
          "size",
          "volume size " + sizeBytes + " B is above the maximum of 1 PiB (" + DataSize.PIB + " B)");
    }
    if (sizeBytes % VolumeLimits.SIZE_ALIGNMENT != 0) {
      throw new ValidationException(
          "size",
          "volume size "
              + sizeBytes
              + " B is not a multiple of 4 KiB (the block size volumes are exported with); use "
              + (sizeBytes / VolumeLimits.SIZE_ALIGNMENT + 1) * VolumeLimits.SIZE_ALIGNMENT);
    }
  }

  /**
   * @param chunkSizeBytes requested chunk size, 0 for the default
   * @return the chunk size to use
   */
  static long chunkSize(long chunkSizeBytes) {
    long chunk = chunkSizeBytes == 0 ? VolumeLimits.DEFAULT_CHUNK_SIZE : chunkSizeBytes;
    if (chunk < VolumeLimits.MIN_CHUNK_SIZE
        || chunk > VolumeLimits.MAX_CHUNK_SIZE
        || Long.bitCount(chunk) != 1) {
      throw new ValidationException(
          "chunkSize",
          "chunk size "
              + chunkSizeBytes
              + " B must be a power of two between 1 MiB and 4 GiB (default 128 MiB)");
    }
    return chunk;
  }

  /**
   * The stripe count times the units per stripe must stay within {@link VolumeLimits#MAX_UNITS}.
   */
  static void unitCount(long sizeBytes, long chunk, ProtectionPolicy policy) {
    long stripes = (sizeBytes + chunk - 1) / chunk;
    long units = stripes * policy.unitsPerStripe();
    if (units > VolumeLimits.MAX_UNITS) {
      long minChunk = chunk;
      while ((sizeBytes + minChunk - 1) / minChunk * policy.unitsPerStripe()
          > VolumeLimits.MAX_UNITS) {
        minChunk <<= 1;
      }
      throw new ValidationException(
          "chunkSize",
          "a volume of "
              + sizeBytes
              + " B in chunks of "
              + chunk
              + " B has "
              + units
              + " units ("
              + stripes
              + " stripes x "
              + policy.unitsPerStripe()
              + "), above the limit of "
              + VolumeLimits.MAX_UNITS
              + "; use a chunk size of at least "
              + minChunk
              + " B");
    }
  }

  /** The policy must fit on the UP bricks: each unit of a stripe on its own brick. */
  static void fits(ProtectionPolicy policy, ClusterTopology topology) {
    if (policy == null) {
      throw new ValidationException(
          "policy", "protection policy is missing; give replicas, or data and parity chunks");
    }
    long up = topology.bricks().stream().filter(Brick::takesPlacements).count();
    if (policy.unitsPerStripe() <= up) {
      return;
    }
    String what =
        switch (policy) {
          case Replicated r -> r.copies() + " replicas need " + r.copies() + " bricks";
          case ErasureCoded e ->
              "k+m = "
                  + e.dataUnits()
                  + "+"
                  + e.parityUnits()
                  + " needs "
                  + e.unitsPerStripe()
                  + " bricks";
        };
    throw new ValidationException(
        "policy",
        what
            + " (each unit on its own brick) but only "
            + up
            + " of "
            + topology.bricks().size()
            + " bricks are UP; add bricks, bring DOWN bricks back, or lower the policy");
  }
}
