package io.hyperblock.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdminTokenTest {

  @Test
  void firstStartGeneratesA256BitTokenReadableOnlyByTheOwner(@TempDir Path dir) throws Exception {
    AdminToken token = AdminToken.ensure(dir.resolve("data"));

    Path file = dir.resolve("data").resolve("admin.token");
    assertThat(token.created()).isTrue();
    assertThat(token.path()).isEqualTo(file);
    assertThat(token.reveal()).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url, no padding
    assertThat(Files.readString(file).strip()).isEqualTo(token.reveal());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir.resolve("data"))) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void laterStartsReuseTheStoredToken(@TempDir Path dir) {
    AdminToken first = AdminToken.ensure(dir);
    AdminToken second = AdminToken.ensure(dir);

    assertThat(second.created()).isFalse();
    assertThat(second.reveal()).isEqualTo(first.reveal());
  }

  @Test
  void twoClustersGetDifferentTokens(@TempDir Path dir) {
    assertThat(AdminToken.ensure(dir.resolve("a")).reveal())
        .isNotEqualTo(AdminToken.ensure(dir.resolve("b")).reveal());
  }

  @Test
  void authenticatesOnlyTheExactToken(@TempDir Path dir) {
    AdminToken token = AdminToken.ensure(dir);
    String t = token.reveal();

    assertThat(token.authenticate(t)).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
    assertThat(token.authenticate(t.substring(1))).isEmpty();
    assertThat(token.authenticate(t + "x")).isEmpty();
    assertThat(token.authenticate("")).isEmpty();
    assertThat(token.authenticate(null)).isEmpty();
  }

  @Test
  void toStringNeverShowsTheToken(@TempDir Path dir) {
    AdminToken token = AdminToken.ensure(dir);
    assertThat(token.toString()).doesNotContain(token.reveal()).contains("admin.token");
  }

  @Test
  void emptyTokenFileIsRefusedWithTheFixInTheMessage(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("admin.token"), "\n");

    assertThatThrownBy(() -> AdminToken.ensure(dir))
        .isInstanceOf(AuthSetupException.class)
        .hasMessageContaining(dir.resolve("admin.token").toString())
        .hasMessageContaining("delete it and restart");
  }

  @Test
  void unusableDataDirectoryIsReportedWithItsPath(@TempDir Path dir) throws Exception {
    Path notADir = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> AdminToken.ensure(notADir))
        .isInstanceOf(AuthSetupException.class)
        .hasMessageContaining(notADir.toString());
  }
}
