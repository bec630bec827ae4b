package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ENOSPC: the data directory is a 2 MiB tmpfs (the journal lives elsewhere, as the config
 * documents), and the configured capacity is far larger, so the file system fills first. Skipped
 * where mounting is not permitted (not root, or no mount namespace rights).
 */
@Timeout(60)
class RealDiskFullIT {
  private static final int CHUNK = 64 * 1024;
  private static final UUID VOLUME = UUID.randomUUID();

  @TempDir Path base;
  private Path mountPoint;

  @BeforeEach
  void mountTinyTmpfs() throws Exception {
    mountPoint = Files.createDirectory(base.resolve("tmpfs"));
    int rc = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString());
    Assumptions.assumeTrue(
        rc == 0, "cannot mount a tmpfs here (needs root and mount rights): real ENOSPC untested");
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", mountPoint.toString());
  }

  @Test
  void fileSystemFullIsADiskFullErrorAndEveryEarlierWriteStaysReadable() {
    StoreConfig config =
        StoreConfig.defaults(mountPoint, DataSize.ofBytes(1L << 30))
            .withJournalDirectory(base.resolve("journal"));
    try (ExtentShardStore store = ExtentShardStore.open(config)) {
      ShardKey key = new ShardKey(VOLUME, 0, 0);
      int written = 0;
      DiskFullException full = null;
      while (full == null && written < 64) {
        try {
          store.write(key, (long) written * CHUNK, payload(written, CHUNK), 1, written);
          written++;
        } catch (DiskFullException e) {
          full = e;
        }
      }
      assertThat(full).as("a 2 MiB file system fills within 64 x 64 KiB").isNotNull();
      assertThat(full).hasCauseInstanceOf(IOException.class).hasMessageContaining("intact");
      assertThat(written).isGreaterThan(10);

      for (int i = 0; i < written; i++) {
        assertThat(read(store, key, (long) i * CHUNK, CHUNK)).isEqualTo(payload(i, CHUNK).array());
      }
      // The failed write landed partly or not at all, page by page: never as CORRUPT.
      read(store, key, (long) written * CHUNK, CHUNK);
      store.flush();

      store.deleteVolume(VOLUME, 1);
      store.write(new ShardKey(VOLUME, 1, 0), 0, payload(99, CHUNK), 1, 1);
    }
    try (ExtentShardStore reopened = ExtentShardStore.open(config)) {
      assertThat(read(reopened, new ShardKey(VOLUME, 1, 0), 0, CHUNK))
          .isEqualTo(payload(99, CHUNK).array());
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
