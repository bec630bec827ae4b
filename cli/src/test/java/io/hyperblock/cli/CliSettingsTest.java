package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.cli.CliSettings.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CliSettingsTest {

  static final Flags NONE = new Flags(null, null, null, null);

  @Test
  void defaultsToLocalServerWithoutToken(@TempDir Path home) {
    CliSettings s = CliSettings.resolve(NONE, Map.of(), home);
    assertThat(s.server()).hasToString("http://127.0.0.1:8080");
    assertThat(s.token()).isEmpty();
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile(@TempDir Path home) throws Exception {
    Path cfg = home.resolve(".config/hyperblock/cli.properties");
    Files.createDirectories(cfg.getParent());
    Files.writeString(cfg, "server=http://file:1\ntoken=from-file\n");
    Map<String, String> env =
        Map.of("HYPERBLOCK_SERVER", "http://env:2", "HYPERBLOCK_TOKEN", "from-env");

    CliSettings fileOnly = CliSettings.resolve(NONE, Map.of(), home);
    CliSettings envWins = CliSettings.resolve(NONE, env, home);
    CliSettings flagsWin =
        CliSettings.resolve(new Flags("http://flag:3", "from-flag", null, null), env, home);

    assertThat(fileOnly.server()).hasToString("http://file:1");
    assertThat(fileOnly.token()).hasValue("from-file");
    assertThat(envWins.server()).hasToString("http://env:2");
    assertThat(envWins.token()).hasValue("from-env");
    assertThat(flagsWin.server()).hasToString("http://flag:3");
    assertThat(flagsWin.token()).hasValue("from-flag");
  }

  @Test
  void tokenFilesAreReadAndTrimmed(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("admin.token"), "secret-token\n");

    assertThat(CliSettings.resolve(new Flags(null, null, f, null), Map.of(), dir).token())
        .hasValue("secret-token");
    assertThat(
            CliSettings.resolve(NONE, Map.of("HYPERBLOCK_TOKEN_FILE", f.toString()), dir).token())
        .hasValue("secret-token");
  }

  @Test
  void explicitConfigFileMustExist(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                CliSettings.resolve(
                    new Flags(null, null, null, dir.resolve("no.properties")), Map.of(), dir))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("no.properties");
  }

  @Test
  void serverUrlLosesTrailingSlashAndApiSuffix() {
    assertThat(CliSettings.serverUri("http://h:8080/api/v1/")).hasToString("http://h:8080");
    assertThatThrownBy(() -> CliSettings.serverUri("h:8080"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("http://");
  }

  @Test
  void toStringHidesTheToken(@TempDir Path home) {
    CliSettings s = CliSettings.resolve(new Flags(null, "s3cr3t", null, null), Map.of(), home);
    assertThat(s.toString()).doesNotContain("s3cr3t");
  }
}
