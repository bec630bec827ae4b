package io.hyperblock.server.volume;

import io.hyperblock.core.units.DataSize;

/** The limits a volume request is checked against, each with the reason it exists. */
public final class VolumeLimits {
  private VolumeLimits() {}

  /**
   * Smallest volume: one MiB. Anything smaller is a typo (a size in GiB given without a unit) far
   * more often than a real need.
   */
  public static final long MIN_SIZE = DataSize.MIB;

  /**
   * Largest volume: 1 PiB. Beyond any single block device our exporters and filesystems handle
   * well, and it keeps byte offsets (size + an I/O length) far from 63-bit overflow.
   */
  public static final long MAX_SIZE = DataSize.PIB;

  /** Sizes are whole 4 KiB blocks: NBD and NVMe export volumes as 4 KiB-block devices. */
  public static final long SIZE_ALIGNMENT = 4 * DataSize.KIB;

  /** Chunk size when the request says 0 (the seed's default). */
  public static final long DEFAULT_CHUNK_SIZE = 128 * DataSize.MIB;

  /** Smallest chunk: below 1 MiB the per-chunk metadata outweighs the data it describes. */
  public static final long MIN_CHUNK_SIZE = DataSize.MIB;

  /** Largest chunk: 4 GiB, so a rebuild or resync moves a chunk in bounded time. */
  public static final long MAX_CHUNK_SIZE = 4 * DataSize.GIB;

  /**
   * Most units (stripes x units per stripe) one volume may have: 2^21. A create carries its whole
   * placement in one Raft log entry (about 9 bytes per unit, so at most ~20 MB) and every member
   * keeps it in memory (about 100 bytes per unit). A 1 PiB EC 4+2 volume fits with 4 GiB chunks.
   */
  public static final long MAX_UNITS = 1L << 21;

  /** DNS-1123 label: what Kubernetes accepts as a volume name, and safe in paths and URLs. */
  public static final int MAX_NAME_LENGTH = 63;
}
