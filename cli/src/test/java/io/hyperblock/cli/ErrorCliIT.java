package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.cli.CliHarness.Run;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every error class maps to its documented exit code with the server's message on stderr. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorCliIT {

  @Test
  void unknownVolumeExitsWithNotFound(@TempDir Path dir) {
    try (CliHarness h = new CliHarness(dir)) {
      Run r = h.cli("volume", "show", "nope");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(r.err()).isEqualTo("error: volume 'nope' does not exist\n");
      assertThat(h.cli("placement", "show", "nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }
  }

  @Test
  void duplicateNameExitsWithConflict(@TempDir Path dir) {
    try (CliHarness h = new CliHarness(dir)) {
      h.cli(VolumeCliIT.SEED_R3);
      Run r = h.cli(VolumeCliIT.SEED_R3);
      assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFLICT);
      assertThat(r.err()).contains("postgres-r3").contains("already exists");
    }
  }

  @Test
  void invalidValuesExitWithValidationNamingTheField(@TempDir Path dir) {
    try (CliHarness h = new CliHarness(dir)) {
      Run zero = h.cli("volume", "create", "--name", "v", "--size", "0", "--replicas", "3");
      Run junk = h.cli("volume", "create", "--name", "v", "--size", "lots", "--replicas", "3");
      Run wide =
          h.cli(
              "volume",
              "create",
              "--name",
              "v",
              "--size",
              "1GiB",
              "--data-chunks",
              "30",
              "--parity-chunks",
              "3");
      Run name =
          h.cli("volume", "create", "--name", "Bad_Name", "--size", "1GiB", "--replicas", "3");
      Run none = h.cli("volume", "create", "--name", "v", "--size", "1GiB");

      assertThat(List.of(zero, junk, wide, name, none))
          .allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(ExitCodes.VALIDATION));
      assertThat(zero.err()).contains("[field: size]");
      assertThat(junk.err()).contains("'lots'").contains("[field: size]");
      assertThat(wide.err()).contains("32").contains("[field: policy]");
      assertThat(name.err()).contains("DNS-1123").contains("[field: name]");
      assertThat(none.err()).contains("[field: policy]");
    }
  }

  @Test
  void missingOrWrongTokenExitsWithUnauthorized(@TempDir Path dir) {
    try (CliHarness h = new CliHarness(dir)) {
      Run none = h.bare("--server", h.url(), "volume", "list");
      Run wrong = h.bare("--server", h.url(), "--token", "guess", "volume", "list");

      assertThat(none.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
      assertThat(none.err()).contains("hint: no token configured");
      assertThat(wrong.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED);
      assertThat(wrong.err()).contains("token was rejected").doesNotContain("guess");
    }
  }

  @Test
  void closedPortExitsWithCannotConnect(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = runBare(dir, "--server", "http://127.0.0.1:" + port, "--token", "t", "volume", "list");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.CANNOT_CONNECT);
    assertThat(r.err()).contains("cannot connect to http://127.0.0.1:" + port);
  }

  @Test
  void badFlagsExitWithUsage(@TempDir Path dir) {
    Run unknown = runBare(dir, "volume", "list", "--colour");
    Run missing = runBare(dir, "volume", "create", "--size", "1GiB", "--replicas", "3");
    Run badUrl = runBare(dir, "--server", "ftp://x", "volume", "list");
    Run group = runBare(dir, "volume");

    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("--colour");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--name");
    assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badUrl.err()).contains("http://");
    assertThat(group.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(group.err()).contains("'hyperblock-cli volume' needs a command: create, list");
  }

  @Test
  void serverUnavailableExitsWithServerError(@TempDir Path dir) {
    try (CliHarness h = new CliHarness(dir, new NoLeaderVolumes())) {
      Run r = h.cli("volume", "list");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
      assertThat(r.err()).contains("no leader").contains("10.0.0.2:9200");
    }
  }

  @Test
  void helpListsTheExitCodes(@TempDir Path dir) {
    Run r = runBare(dir, "--help");
    Run sub = runBare(dir, "volume", "create", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Exit codes:").contains("7").contains("cannot connect");
    assertThat(sub.exitCode()).isZero();
    assertThat(sub.out()).contains("--data-chunks").contains("Exit codes:");
  }

  private static Run runBare(Path dir, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        HyperblockCli.run(
            args,
            java.util.Map.of(),
            dir,
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** A volume service whose metadata group has lost its leader. */
  static final class NoLeaderVolumes implements VolumeService {
    private static UnavailableException down() {
      return new UnavailableException("metadata group has no leader", "10.0.0.2:9200");
    }

    @Override
    public VolumeInfo create(CreateVolumeRequest request) {
      throw down();
    }

    @Override
    public List<VolumeInfo> list() {
      throw down();
    }

    @Override
    public VolumeInfo get(String name) {
      throw down();
    }

    @Override
    public void delete(String name, boolean force) {
      throw down();
    }

    @Override
    public VolumeInfo resize(String name, long newSizeBytes) {
      throw down();
    }

    @Override
    public PlacementMap placement(String name) {
      throw down();
    }
  }
}
