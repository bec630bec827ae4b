package io.hyperblock.bridge.volume;

import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportUnavailableException;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import java.util.Optional;

/** Looks volumes up in the cluster metadata without attaching them. Thread-safe. */
interface VolumeDirectory {

  /**
   * Describes the volume called {@code name} without attaching it (no fencing side effect).
   *
   * @return size, preferred block size and multi-connection safety; empty if no volume has that
   *     name
   * @throws ExportUnavailableException the metadata cannot be read now (server unreachable, no
   *     leader)
   */
  Optional<ExportInfo> describe(String name);

  /** Smallest write the replicated path takes without read-modify-write: the bricks' CRC block. */
  int REPLICATED_BLOCK = 4096;

  /** Largest preferred block size NBD lets a server advertise ("Block size constraints"). */
  int MAX_PREFERRED = 1 << 20;

  /**
   * Preferred I/O size of a volume: for an EC volume one full row of data units ({@code k x
   * stripeUnit}), because smaller writes are read-modify-writes of the row's parity, when that is a
   * power of two no larger than 1 MiB, else the stripe unit (capped at 1 MiB); for a replicated
   * volume 4 KiB.
   */
  static int preferredBlockSize(ProtectionPolicy policy, int stripeUnit) {
    if (!(policy instanceof ErasureCoded ec)) {
      return REPLICATED_BLOCK;
    }
    long row = (long) ec.dataUnits() * stripeUnit;
    if (Long.bitCount(row) == 1 && row <= MAX_PREFERRED) {
      return (int) row;
    }
    return Math.max(REPLICATED_BLOCK, Math.min(stripeUnit, MAX_PREFERRED));
  }
}
