package io.hyperblock.server.metadata.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCodec;
import io.hyperblock.server.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SnapshotFileTest {

  @TempDir Path dir;

  private static InMemoryMetadataStore cluster() {
    var store = new InMemoryMetadataStore();
    Fixtures.cluster(store, 3, 2);
    return store;
  }

  @Test
  void snapshotReadsBackToAnIdenticallyEncodedStateAndLeavesNoTemporaryFile() throws Exception {
    var state = cluster().state();
    Path file = dir.resolve("snapshot.1_10");
    SnapshotFile.write(file, state);
    assertThat(MetadataCodec.encode(SnapshotFile.read(file)))
        .isEqualTo(MetadataCodec.encode(state));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void flippedByteFailsTheChecksum() throws Exception {
    Path file = dir.resolve("snapshot.1_10");
    SnapshotFile.write(file, cluster().state());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
    assertThatThrownBy(() -> SnapshotFile.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("CRC32C");
  }

  @Test
  void truncatedOrForeignFileIsRefused() throws Exception {
    Path file = dir.resolve("snapshot.1_10");
    SnapshotFile.write(file, cluster().state());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    assertThatThrownBy(() -> SnapshotFile.read(file)).hasMessageContaining("truncated");
    Files.writeString(file, "not a snapshot at all");
    assertThatThrownBy(() -> SnapshotFile.read(file)).hasMessageContaining("not a Hyperblock");
  }
}
