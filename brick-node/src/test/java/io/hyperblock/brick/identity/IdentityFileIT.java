package io.hyperblock.brick.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The identity file on a real file system. */
@Timeout(30)
class IdentityFileIT {
  @TempDir Path dir;

  private final BrickIdentity identity =
      new BrickIdentity(
          UUID.randomUUID(),
          UUID.randomUUID(),
          BrickIdentity.CURRENT_FORMAT,
          Instant.parse("2026-11-25T08:00:00Z"));

  @Test
  void anUnformattedDirectoryHasNoIdentity() throws Exception {
    assertThat(new IdentityFile(dir.resolve("fresh")).load()).isEmpty();
  }

  @Test
  void createdIdentityReadsBackAndLeavesNoTempFile() throws Exception {
    new IdentityFile(dir).create(identity);

    assertThat(new IdentityFile(dir).load()).contains(identity);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve(IdentityFile.FILE_NAME));
    }
  }

  @Test
  void refusesToOverwriteAnExistingIdentity() throws Exception {
    IdentityFile file = new IdentityFile(dir);
    file.create(identity);
    BrickIdentity other =
        new BrickIdentity(UUID.randomUUID(), identity.clusterId(), 1, identity.created());

    assertThatThrownBy(() -> file.create(other))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("refusing to overwrite");
    assertThat(file.load()).contains(identity);
  }

  @Test
  void aDamagedFileIsReportedWithWhatIsWrong() throws Exception {
    Path file = dir.resolve(IdentityFile.FILE_NAME);
    Files.writeString(file, "format_version=1\nbrick_id=" + UUID.randomUUID() + "\n");
    assertThatThrownBy(() -> new IdentityFile(dir).load())
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("lacks cluster_id");

    Files.writeString(file, "format_version=1\nbrick_id=x\ncluster_id=y\ncreated=z\n");
    assertThatThrownBy(() -> new IdentityFile(dir).load())
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("malformed value");

    Files.writeString(file, "format_version=9\n");
    assertThatThrownBy(() -> new IdentityFile(dir).load())
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("format_version 9");
  }
}
