package io.hyperblock.cli;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Brick ids shortened, like git commits, to the shortest prefix that stays unique. */
final class ShortIds {

  /** Shorter prefixes are too easy to confuse when read aloud or typed. */
  static final int MIN = 8;

  private ShortIds() {}

  /**
   * The shortest length >= {@value #MIN} at which the distinct ids' prefixes are distinct, or the
   * longest id's length when no shorter one is.
   */
  static int uniquePrefixLength(Collection<String> ids) {
    Set<String> distinct = new HashSet<>(ids);
    int longest = distinct.stream().mapToInt(String::length).max().orElse(MIN);
    for (int len = MIN; len < longest; len++) {
      Set<String> prefixes = new HashSet<>();
      final int l = len;
      distinct.forEach(id -> prefixes.add(id.substring(0, Math.min(l, id.length()))));
      if (prefixes.size() == distinct.size()) {
        return len;
      }
    }
    return longest;
  }
}
