package io.hyperblock.systest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags for the processes the tests start: the distribution's {@code conf/jvm.options} (the one
 * file every launch uses; its path comes from the {@code hyperblock.jvmOptions} system property set
 * in this module's pom), then test overrides for a small heap and a fast start.
 */
final class JvmFlags {

  static final String PROPERTY = "hyperblock.jvmOptions";

  private JvmFlags() {}

  /**
   * @param heap maximum heap, e.g. {@code 160m}; appended after the shipped flags, so it wins
   */
  static List<String> forProcess(String heap) {
    List<String> flags = new ArrayList<>(shipped());
    // C1 only: these processes live for seconds to minutes, and 2 cores are shared by up to 8 JVMs.
    flags.add("-XX:TieredStopAtLevel=1");
    flags.add("-Xmx" + heap);
    return flags;
  }

  /** The non-comment, non-blank lines of conf/jvm.options. */
  static List<String> shipped() {
    String location = System.getProperty(PROPERTY);
    if (location == null) {
      throw new IllegalStateException(
          "system property "
              + PROPERTY
              + " is not set; run these tests through Maven (failsafe sets it to"
              + " installer/src/dist/conf/jvm.options) or pass -D"
              + PROPERTY
              + "=<path>");
    }
    try {
      return Files.readAllLines(Path.of(location)).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JVM options file " + location, e);
    }
  }
}
