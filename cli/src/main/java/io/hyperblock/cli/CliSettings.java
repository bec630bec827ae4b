package io.hyperblock.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where to reach the server and with which token, resolved from, in decreasing precedence:
 * command-line flags, environment ({@code HYPERBLOCK_SERVER}, {@code HYPERBLOCK_TOKEN}, {@code
 * HYPERBLOCK_TOKEN_FILE}), a properties file ({@code --config}, else {@code
 * $XDG_CONFIG_HOME/hyperblock/cli.properties} or {@code ~/.config/hyperblock/cli.properties}, with
 * keys {@code server}, {@code token}, {@code token-file}), and the default server {@value
 * #DEFAULT_SERVER}. Within one level a token beats a token file.
 *
 * @param server base URL without the {@code /api/v1} suffix, e.g. {@code http://10.0.0.5:8080}
 * @param token the bearer token, or empty to send none
 */
record CliSettings(URI server, Optional<String> token) {

  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  /** Command-line values; each may be null. */
  record Flags(String server, String token, Path tokenFile, Path config) {}

  @Override
  public String toString() {
    return "CliSettings[server="
        + server
        + ", token="
        + (token.isPresent() ? "<set>" : "<none>")
        + "]";
  }

  /**
   * @param home the user's home directory (for the default config file)
   * @throws CliException USAGE when a named file cannot be read or the server URL is not http(s)
   */
  static CliSettings resolve(Flags flags, Map<String, String> env, Path home) {
    Properties file = load(flags.config(), env, home);
    String server =
        first(
            flags.server(),
            env.get("HYPERBLOCK_SERVER"),
            file.getProperty("server"),
            DEFAULT_SERVER);
    String token = flags.token();
    if (token == null && flags.tokenFile() != null) {
      token = readToken(flags.tokenFile(), "--token-file");
    }
    if (token == null) {
      token = blankToNull(env.get("HYPERBLOCK_TOKEN"));
    }
    if (token == null && blankToNull(env.get("HYPERBLOCK_TOKEN_FILE")) != null) {
      token = readToken(Path.of(env.get("HYPERBLOCK_TOKEN_FILE")), "HYPERBLOCK_TOKEN_FILE");
    }
    if (token == null) {
      token = blankToNull(file.getProperty("token"));
    }
    if (token == null && blankToNull(file.getProperty("token-file")) != null) {
      token = readToken(Path.of(file.getProperty("token-file").strip()), "token-file in config");
    }
    return new CliSettings(serverUri(server), Optional.ofNullable(blankToNull(token)));
  }

  static URI serverUri(String text) {
    String s = text.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("/api/v1")) {
      s = s.substring(0, s.length() - "/api/v1".length());
    }
    URI uri;
    try {
      uri = URI.create(s);
    } catch (IllegalArgumentException e) {
      throw usage("server '" + text + "' is not a URL; use e.g. http://10.0.0.5:8080");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw usage(
          "server '"
              + text
              + "' must be an http:// or https:// URL with a host, e.g. http://10.0.0.5:8080");
    }
    return uri;
  }

  private static Properties load(Path explicit, Map<String, String> env, Path home) {
    Properties p = new Properties();
    Path file = explicit != null ? explicit : defaultConfig(env, home);
    if (file == null) {
      return p;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      if (explicit != null) {
        throw usage("config file " + file + " does not exist");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw usage("cannot read config file " + file + ": " + e.getMessage());
    }
    return p;
  }

  private static Path defaultConfig(Map<String, String> env, Path home) {
    String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
    Path base = xdg != null ? Path.of(xdg) : home == null ? null : home.resolve(".config");
    return base == null ? null : base.resolve("hyperblock").resolve("cli.properties");
  }

  private static String readToken(Path file, String source) {
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (t.isEmpty()) {
        throw usage("token file " + file + " (from " + source + ") is empty");
      }
      return t;
    } catch (IOException e) {
      throw usage("cannot read token file " + file + " (from " + source + "): " + e);
    }
  }

  private static String first(String... values) {
    for (String v : values) {
      if (blankToNull(v) != null) {
        return v;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
