package io.hyperblock.systest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The seed appliance of issue 3, shared by every test class that takes a {@link Fixture} parameter
 * (typically in its {@code @BeforeAll}): 1 server and 6 bricks over 3 racks x 2 hosts, with the two
 * seed volumes created through the CLI. Started once per test run, when first asked for, and killed
 * (its directory deleted) when the run ends; starting 7 JVMs is most of what these tests cost on 2
 * cores.
 *
 * <p>Every class that uses it must leave it as it found it: the same bricks, all processes running
 * (it may kill and restart them). {@link ProcessCluster#ensureRunning()} runs before each class
 * gets the fixture, so a class that failed half-way does not fail the next ones.
 */
final class SeedCluster implements ParameterResolver {

  /** The cluster, and the results of the two {@code volume create} runs of the CLI. */
  record Fixture(ProcessCluster cluster, Cli cli, List<Cli.Result> seedCreates)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      cluster.close();
      deleteRecursively(cluster.root());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Fixture.class;
  }

  @Override
  public Fixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(SeedCluster.class))
            .computeIfAbsent(Fixture.class, key -> start(), Fixture.class);
    fixture.cluster().ensureRunning();
    return fixture;
  }

  private static Fixture start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("hyperblock-seed-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessCluster cluster = ProcessCluster.start(dir, ProcessCluster.racks(3, 2));
    Cli cli = new Cli(cluster.rest().baseUrl(), cluster.tokenFile(), dir.resolve("cli"));
    List<Cli.Result> creates =
        List.of(
            cli.run(
                "volume",
                "create",
                "--name",
                "analytics-ec",
                "--size",
                "100GiB",
                "--data-chunks",
                "4",
                "--parity-chunks",
                "2"),
            cli.run(
                "volume", "create", "--name", "postgres-r3", "--size", "50GiB", "--replicas", "3"));
    return new Fixture(cluster, cli, creates);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
