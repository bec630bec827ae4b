package io.hyperblock.core.units;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses operator-written durations: {@code 10s}, {@code 200ms}, {@code 5m}, {@code 1h}. */
public final class DurationParser {
  private static final Pattern FORMAT = Pattern.compile("^\\s*([0-9]+)\\s*(ms|s|m|h|d)\\s*$");

  private DurationParser() {}

  /**
   * @throws IllegalArgumentException naming the text and the accepted units
   */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "duration '"
              + text
              + "' is not a duration; use a whole number with ms, s, m, h or d,"
              + " e.g. 10s or 200ms");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
