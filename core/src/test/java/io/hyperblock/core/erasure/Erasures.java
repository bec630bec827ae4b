package io.hyperblock.core.erasure;

import java.util.Random;

/** Random erasure patterns for tests. */
final class Erasures {

  private Erasures() {}

  /** A presence vector over {@code units} units with 1..maxMissing (at most units) absent. */
  static boolean[] random(Random random, int units, int maxMissing) {
    return withMissing(random, units, 1 + random.nextInt(Math.min(maxMissing, units)));
  }

  /** A presence vector with exactly {@code missing} absent units chosen uniformly. */
  static boolean[] withMissing(Random random, int units, int missing) {
    boolean[] present = new boolean[units];
    java.util.Arrays.fill(present, true);
    for (int removed = 0; removed < missing; ) {
      int i = random.nextInt(units);
      if (present[i]) {
        present[i] = false;
        removed++;
      }
    }
    return present;
  }
}
