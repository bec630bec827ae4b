package io.hyperblock.brick.rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the machine rebooted since the row journal was last opened, from the Linux boot id. A
 * process crash keeps the page cache, so journal records and data written before it are all there;
 * only a reboot (power loss, kernel crash) can lose some and keep others. Unknown counts as
 * rebooted (the safe answer).
 */
final class BootId {
  private static final String FILE = "boot-id";
  private static final Path PROC = Path.of("/proc/sys/kernel/random/boot_id");

  private BootId() {}

  static String current() {
    try {
      return Files.readString(PROC, StandardCharsets.US_ASCII).trim();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static boolean changedSinceLastOpen(Path dir) {
    String now = current();
    try {
      return now.isEmpty() || !now.equals(Files.readString(dir.resolve(FILE)).trim());
    } catch (IOException e) {
      return true;
    }
  }

  static void record(Path dir) {
    try {
      Path tmp = dir.resolve(FILE + ".tmp");
      Files.writeString(tmp, current());
      Files.move(
          tmp,
          dir.resolve(FILE),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new io.hyperblock.brick.store.StoreException(
          "cannot record the boot id in " + dir + ": " + e.getMessage(), e);
    }
  }
}
