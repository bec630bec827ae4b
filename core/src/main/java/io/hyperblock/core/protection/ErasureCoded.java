package io.hyperblock.core.protection;

/**
 * Reed-Solomon k+m: each stripe is k data shards and m parity shards on k+m distinct bricks; any m
 * may be lost.
 *
 * @param dataUnits k, at least 1
 * @param parityUnits m, at least 1
 */
public record ErasureCoded(int dataUnits, int parityUnits) implements ProtectionPolicy {

  /**
   * GF(2^8) Reed-Solomon can address up to 255 units, but a wider stripe makes every degraded read
   * touch more bricks than any cluster we target has failure domains; 32 keeps generation vectors
   * and fan-out small.
   */
  public static final int MAX_UNITS = 32;

  public static final ErasureCoded EC_4_2 = new ErasureCoded(4, 2);
  public static final ErasureCoded EC_8_3 = new ErasureCoded(8, 3);
  public static final ErasureCoded EC_8_4 = new ErasureCoded(8, 4);

  public ErasureCoded {
    if (dataUnits < 1) {
      throw new InvalidPolicyException("data chunks (k) must be at least 1, got " + dataUnits);
    }
    if (parityUnits < 1) {
      throw new InvalidPolicyException("parity chunks (m) must be at least 1, got " + parityUnits);
    }
    if (dataUnits + parityUnits > MAX_UNITS) {
      throw new InvalidPolicyException(
          "data + parity chunks (k+m) must be at most "
              + MAX_UNITS
              + ", got "
              + dataUnits
              + "+"
              + parityUnits
              + "="
              + (dataUnits + parityUnits));
    }
  }

  /** Parses {@code EC_4_2} style profile names (case-insensitive). */
  public static ErasureCoded parse(String profile) {
    String[] parts = profile.trim().toUpperCase(java.util.Locale.ROOT).split("_");
    if (parts.length != 3 || !parts[0].equals("EC")) {
      throw new InvalidPolicyException(
          "erasure profile '" + profile + "' is not of the form EC_<k>_<m>, e.g. EC_4_2");
    }
    try {
      return new ErasureCoded(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new InvalidPolicyException(
          "erasure profile '" + profile + "' is not of the form EC_<k>_<m>, e.g. EC_4_2");
    }
  }

  @Override
  public int unitsPerStripe() {
    return dataUnits + parityUnits;
  }

  @Override
  public int faultTolerance() {
    return parityUnits;
  }

  @Override
  public String displayName() {
    return "EC_" + dataUnits + "_" + parityUnits;
  }
}
