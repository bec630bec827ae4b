package io.hyperblock.bridge.volume;

import io.hyperblock.bridge.device.ExportUnavailableException;
import java.util.Optional;

/** Attaches volumes for this bridge. Thread-safe. */
interface VolumeAttacher {

  /**
   * Attaches the volume called {@code name}: the management server grants a new fencing epoch and
   * pushes it to the volume's bricks, so any previous writer is fenced; an EC volume's rows left
   * dirty by a previous writer are recovered before this returns. Blocks until then.
   *
   * @return the attachment, owned by the caller, who must close it to detach; empty if no volume
   *     has that name
   * @throws ExportUnavailableException the volume exists but cannot be attached now (attached by
   *     another exporter, no leader, server unreachable); the message says which
   */
  Optional<AttachedVolume> attach(String name);
}
