package io.hyperblock.core.erasure;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small bounded cache of reconstruction plans keyed by erasure pattern, so a steady stream of
 * degraded reads or a rebuild of one brick inverts its decode matrix once. Lookups scan a fixed
 * array without locking or allocating; when full, entries are replaced round-robin (a degraded
 * cluster has few distinct patterns at a time, so recency bookkeeping would buy nothing).
 */
final class PlanCache {

  /** Enough for every pattern of a couple of concurrent failures; a lookup scans all slots. */
  static final int CAPACITY = 64;

  private record Entry(long key, CodingPlan plan) {}

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(CAPACITY);
  private final AtomicInteger nextVictim = new AtomicInteger();

  /** The cache key of (units read, units rebuilt), both as bit masks over unit indices 0..31. */
  static long key(int inputMask, int outputMask) {
    return ((long) inputMask << 32) | (outputMask & 0xFFFFFFFFL);
  }

  /** The cached plan for {@code key}, or null. */
  CodingPlan get(long key) {
    for (int i = 0; i < CAPACITY; i++) {
      Entry entry = slots.get(i);
      if (entry == null) {
        return null; // slots fill in order and are never cleared
      }
      if (entry.key() == key) {
        return entry.plan();
      }
    }
    return null;
  }

  void put(long key, CodingPlan plan) {
    int victim = Math.floorMod(nextVictim.getAndIncrement(), CAPACITY);
    slots.set(victim, new Entry(key, plan));
  }
}
