package io.hyperblock.core.erasure;

import java.util.Arrays;

/**
 * More units of a stripe are missing than the code can tolerate, so its data is unrecoverable from
 * this set of units. The caller should try to obtain more units (retry a brick that timed out, read
 * an older copy) before declaring the stripe lost.
 */
public final class TooManyErasuresException extends ErasureException {

  private final int[] missingUnits;
  private final int parityUnits;

  public TooManyErasuresException(int[] missingUnits, int parityUnits) {
    super(
        missingUnits.length
            + " units are missing "
            + Arrays.toString(missingUnits)
            + " but this code tolerates at most "
            + parityUnits
            + "; provide at least "
            + (missingUnits.length - parityUnits)
            + " more of them to reconstruct");
    this.missingUnits = missingUnits.clone();
    this.parityUnits = parityUnits;
  }

  /** Indices (0..k+m-1) of the units that were not present, ascending. */
  public int[] missingUnits() {
    return missingUnits.clone();
  }

  /** m: how many missing units the code tolerates. */
  public int parityUnits() {
    return parityUnits;
  }
}
