package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Maps I/O failures to the store's typed errors. */
final class StoreErrors {
  private StoreErrors() {}

  /**
   * A real ENOSPC/EDQUOT becomes {@link DiskFullException} (with {@code neededBytes}); anything
   * else a {@link StoreException} naming the operation.
   */
  static StoreException of(IOException e, String operation, long neededBytes) {
    if (StoreFiles.isNoSpace(e)) {
      return new DiskFullException(neededBytes, 0, e);
    }
    return new StoreException(
        "cannot "
            + operation
            + ": "
            + e
            + "; the brick's data disk is failing: treat this brick"
            + " as failed",
        e);
  }

  /** As {@link #of(IOException, String, long)}, reporting the file system's free space. */
  static StoreException of(IOException e, String operation, long neededBytes, Path dir) {
    if (StoreFiles.isNoSpace(e)) {
      long free = 0;
      try {
        FileStore fs = Files.getFileStore(dir);
        free = fs.getUsableSpace();
      } catch (IOException ignored) {
        // Free space is only informative here; report 0.
      }
      return new DiskFullException(neededBytes, free, e);
    }
    return of(e, operation, neededBytes);
  }
}
