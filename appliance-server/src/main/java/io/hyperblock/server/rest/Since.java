package io.hyperblock.server.rest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code since} query parameter: a duration back from now ({@code 90s}, {@code 30m}, {@code
 * 1h}, {@code 7d}) or an RFC 3339 timestamp ({@code 2026-11-25T08:00:00Z}, any offset).
 */
final class Since {

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([smhd])");

  private Since() {}

  /**
   * @return null when absent or empty
   * @throws ApiProblemException VALIDATION naming the parameter and both accepted forms
   */
  static Instant parse(String value, Instant now) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Matcher m = RELATIVE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw ApiProblemException.invalidField(
          "since",
          "query parameter 'since' must be a duration back from now like 30m, 1h or 7d, or a"
              + " timestamp like 2026-11-25T08:00:00Z; got '"
              + value
              + "'");
    }
  }
}
