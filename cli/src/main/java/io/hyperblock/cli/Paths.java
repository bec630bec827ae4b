package io.hyperblock.cli;

import java.nio.charset.StandardCharsets;

/** URL path building. */
final class Paths {

  private Paths() {}

  /** Percent-encodes one path segment (RFC 3986 section 2.3: only unreserved chars stay). */
  static String segment(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append(c);
      } else {
        b.append('%').append(String.format("%02X", x & 0xff));
      }
    }
    return b.toString();
  }
}
