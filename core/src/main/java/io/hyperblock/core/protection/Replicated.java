package io.hyperblock.core.protection;

/**
 * N full copies of each chunk.
 *
 * @param copies number of replicas, 1..{@value #MAX_COPIES}
 * @param writeQuorum replicas that must acknowledge a write, 1..copies
 * @param readQuorum replicas whose byte-identical answers a read requires, 1..copies
 */
public record Replicated(int copies, int writeQuorum, int readQuorum) implements ProtectionPolicy {

  /** More copies than this buys no durability that EC would not give cheaper. */
  public static final int MAX_COPIES = 8;

  public Replicated {
    if (copies < 1 || copies > MAX_COPIES) {
      throw new InvalidPolicyException(
          "replicas must be between 1 and " + MAX_COPIES + ", got " + copies);
    }
    if (writeQuorum < 1 || writeQuorum > copies) {
      throw new InvalidPolicyException(
          "write quorum must be between 1 and the replica count "
              + copies
              + ", got "
              + writeQuorum);
    }
    if (readQuorum < 1 || readQuorum > copies) {
      throw new InvalidPolicyException(
          "read quorum must be between 1 and the replica count " + copies + ", got " + readQuorum);
    }
  }

  /**
   * {@code copies} replicas with a majority write quorum and read quorum 1 (the seed's default).
   */
  public static Replicated of(int copies) {
    if (copies < 1) {
      throw new InvalidPolicyException("replicas must be at least 1, got " + copies);
    }
    return new Replicated(copies, copies / 2 + 1, 1);
  }

  @Override
  public int unitsPerStripe() {
    return copies;
  }

  @Override
  public int faultTolerance() {
    return copies - writeQuorum;
  }

  @Override
  public String displayName() {
    return "R" + copies;
  }
}
