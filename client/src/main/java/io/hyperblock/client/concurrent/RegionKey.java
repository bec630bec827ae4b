package io.hyperblock.client.concurrent;

/**
 * A serialization key: region {@code region} (a row, or a fixed-size byte region) of stripe {@code
 * stripe}. Ordered by stripe, then region.
 */
public record RegionKey(long stripe, long region) implements Comparable<RegionKey> {
  @Override
  public int compareTo(RegionKey o) {
    int c = Long.compare(stripe, o.stripe);
    return c != 0 ? c : Long.compare(region, o.region);
  }
}
