package io.hyperblock.bridge.volume;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportResolver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exports Hyperblock volumes by name (export name = volume name).
 *
 * <ul>
 *   <li>{@link #describe} (NBD_OPT_INFO, {@code nbdinfo --list}) reads the volume's metadata and
 *       never attaches, so it cannot fence the volume away from whoever has it attached.
 *   <li>{@link #open} (NBD_OPT_GO) attaches the volume when no connection of this bridge has it yet
 *       (a new fencing epoch), and otherwise hands out another handle on the same attachment. The
 *       attachment is closed (detached) when its last handle closes. A fenced attachment is not
 *       reused: the next open attaches again.
 *   <li>{@link #list} is empty: the management server's MetadataService has no volume listing (list
 *       volumes over REST or the CLI).
 * </ul>
 *
 * <p>Thread-safe. Opens of different exports run in parallel; opens and closes of one export are
 * serialized, so an open never gets an attachment that is being detached.
 */
public final class VolumeExportResolver implements ExportResolver, AutoCloseable {

  private final VolumeDirectory directory;
  private final VolumeAttacher attacher;
  private final Map<String, Shared> exports = new ConcurrentHashMap<>();

  VolumeExportResolver(VolumeDirectory directory, VolumeAttacher attacher) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.attacher = Objects.requireNonNull(attacher, "attacher");
  }

  /**
   * A resolver over a cluster's management server. The caller keeps ownership of {@code cluster}.
   */
  public static VolumeExportResolver over(ClusterVolumes cluster) {
    return new VolumeExportResolver(cluster, cluster);
  }

  @Override
  public Optional<BlockDevice> open(String name) {
    if (name.isEmpty()) {
      return Optional.empty(); // no default export: a client must name its volume
    }
    Shared shared = exports.computeIfAbsent(name, Shared::new);
    shared.lock.lock();
    try {
      if (shared.retired) {
        // Detached while we waited for the lock; a fresh entry attaches again.
        return open(name);
      }
      if (shared.volume == null || shared.volume.fenced()) {
        Optional<AttachedVolume> attached = attacher.attach(name);
        if (attached.isEmpty()) {
          retire(shared);
          return Optional.empty();
        }
        shared.volume = attached.get();
        shared.handles = 0;
      }
      shared.handles++;
      AttachedVolume volume = shared.volume;
      return Optional.of(new VolumeBlockDevice(volume, () -> release(shared, volume)));
    } catch (RuntimeException e) {
      if (shared.volume == null) {
        retire(shared);
      }
      throw e;
    } finally {
      shared.lock.unlock();
    }
  }

  private void release(Shared shared, AttachedVolume volume) {
    shared.lock.lock();
    try {
      if (shared.volume != volume) {
        volume.close(); // a fenced attachment that a newer one replaced; its handles are gone
        return;
      }
      if (--shared.handles == 0) {
        shared.volume = null;
        retire(shared);
        volume.close();
      }
    } finally {
      shared.lock.unlock();
    }
  }

  private void retire(Shared shared) {
    shared.retired = true;
    exports.remove(shared.name, shared);
  }

  @Override
  public Optional<ExportInfo> describe(String name) {
    return name.isEmpty() ? Optional.empty() : directory.describe(name);
  }

  @Override
  public List<String> list() {
    return List.of();
  }

  /** Number of handles open on the export's current attachment (0 when not attached). */
  int handles(String name) {
    Shared s = exports.get(name);
    return s == null ? 0 : s.handles;
  }

  /** Detaches every attachment still open (the bridge is stopping; its NBD server closed first). */
  @Override
  public void close() {
    for (Shared shared : List.copyOf(exports.values())) {
      shared.lock.lock();
      try {
        if (shared.volume != null) {
          shared.volume.close();
          shared.volume = null;
        }
        retire(shared);
      } finally {
        shared.lock.unlock();
      }
    }
  }

  /** The attachment of one export and how many handles use it; guarded by {@code lock}. */
  private static final class Shared {
    final String name;
    final ReentrantLock lock = new ReentrantLock();
    AttachedVolume volume;
    int handles;
    boolean retired;

    Shared(String name) {
      this.name = name;
    }
  }
}
