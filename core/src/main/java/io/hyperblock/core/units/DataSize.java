package io.hyperblock.core.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, parsed from and printed as operators write it: {@code 100GiB}, {@code 512
 * MiB}, {@code 4096}, {@code 1.5TiB}. Binary suffixes (KiB, MiB, GiB, TiB, PiB) are powers of 1024;
 * decimal ones (KB/K, MB/M, GB/G, TB/T, PB/P) are powers of 1000, as storage vendors use them. A
 * bare number, or the suffix B, is bytes.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

  public static final long KIB = 1L << 10;
  public static final long MIB = 1L << 20;
  public static final long GIB = 1L << 30;
  public static final long TIB = 1L << 40;
  public static final long PIB = 1L << 50;

  private static final Pattern FORMAT =
      Pattern.compile("^\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*$");

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative, got " + bytes + " bytes");
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  /**
   * Parses an operator-written size.
   *
   * @throws IllegalArgumentException with a message naming the text and the accepted forms, when
   *     the text is not a size, is negative, or does not fit in 63 bits
   */
  public static DataSize parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("size is missing; use a value such as 100GiB or 512MiB");
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw unparseable(text);
    }
    String number = m.group(1);
    if (number.startsWith("-")) {
      throw new IllegalArgumentException("size '" + text + "' is negative");
    }
    long unit = unit(m.group(2), text);
    java.math.BigDecimal value =
        new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(unit));
    if (value.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("size '" + text + "' is too large (limit 8 EiB)");
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("size '" + text + "' is not a whole number of bytes");
    }
    return new DataSize(value.longValueExact());
  }

  private static long unit(String suffix, String text) {
    return switch (suffix.toUpperCase(Locale.ROOT)) {
      case "", "B" -> 1L;
      case "KIB", "KI" -> KIB;
      case "MIB", "MI" -> MIB;
      case "GIB", "GI" -> GIB;
      case "TIB", "TI" -> TIB;
      case "PIB", "PI" -> PIB;
      case "KB", "K" -> 1_000L;
      case "MB", "M" -> 1_000_000L;
      case "GB", "G" -> 1_000_000_000L;
      case "TB", "T" -> 1_000_000_000_000L;
      case "PB", "P" -> 1_000_000_000_000_000L;
      default -> throw unparseable(text);
    };
  }

  private static IllegalArgumentException unparseable(String text) {
    return new IllegalArgumentException(
        "size '"
            + text
            + "' is not a size; use a number with an optional unit: B, KiB, MiB, GiB, TiB, PiB"
            + " (powers of 1024) or KB, MB, GB, TB, PB (powers of 1000), e.g. 100GiB");
  }

  /** The largest exact binary unit, e.g. {@code 100GiB}, {@code 1536MiB}, {@code 4097B}. */
  @Override
  public String toString() {
    String[] names = {"PiB", "TiB", "GiB", "MiB", "KiB"};
    long[] units = {PIB, TIB, GIB, MIB, KIB};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % units[i] == 0) {
        return (bytes / units[i]) + names[i];
      }
    }
    return bytes + "B";
  }

  @Override
  public int compareTo(DataSize o) {
    return Long.compare(bytes, o.bytes);
  }
}
