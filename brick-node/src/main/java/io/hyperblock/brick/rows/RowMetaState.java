package io.hyperblock.brick.rows;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The mutable row metadata of one unit and its open rollback records (newest first). Guarded by its
 * own monitor; every change is journaled before it is visible.
 */
final class RowMetaState {

  /** The undo information of one applied write. */
  record Rollback(
      long generation, long prevGeneration, long[] prevVector, int offsetInUnit, byte[] oldBytes) {}

  /** A generation no writer ever uses: the unit's bytes are unknown (see RowStore#open). */
  static final long UNKNOWN = -2;

  final UnitKey key;
  long generation;
  long[] vector = new long[0];
  long staleMask;
  long participants;
  final Deque<Rollback> open = new ArrayDeque<>();

  RowMetaState(UnitKey key) {
    this.key = key;
  }

  long[] openGenerations() {
    long[] g = open.stream().mapToLong(Rollback::generation).toArray();
    Arrays.sort(g);
    return g;
  }

  boolean isDirty() {
    return !open.isEmpty() || staleMask != 0 || generation == UNKNOWN;
  }

  /** Whether the state differs from a unit never written (worth keeping in a snapshot). */
  boolean isTrivial() {
    return generation == 0 && vector.length == 0 && staleMask == 0 && open.isEmpty();
  }
}
