package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Data-driven placements: each {@code src/test/resources/placement/*.txt} lists a topology, a rule
 * and the expected brick order per key. A difference fails with a line diff; nothing is rewritten
 * unless {@code -Dhb.golden.rewrite=true} is given (then review the change with {@code git diff}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TopoHashGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/placement");
  private static final boolean REWRITE = Boolean.getBoolean("hb.golden.rewrite");

  @TestFactory
  Stream<DynamicTest> placementsMatchGoldenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).as("golden files in " + DIR.toAbsolutePath()).isNotEmpty();
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path file) throws IOException {
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    String actual = new GoldenScenario(expected.lines().toList()).render();
    if (actual.equals(expected)) {
      return;
    }
    if (REWRITE) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    fail(
        file
            + " differs from what TopoHash computes (rerun with -Dhb.golden.rewrite=true only if"
            + " the change is intended):\n"
            + diff(expected.lines().toList(), actual.lines().toList()));
  }

  private static String diff(List<String> expected, List<String> actual) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String e = i < expected.size() ? expected.get(i) : "<missing>";
      String a = i < actual.size() ? actual.get(i) : "<missing>";
      if (!e.equals(a)) {
        out.append("line ").append(i + 1).append(":\n- ").append(e).append("\n+ ").append(a);
        out.append('\n');
      }
    }
    return out.toString();
  }
}
