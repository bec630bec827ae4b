package io.hyperblock.core.erasure;

import java.nio.ByteBuffer;

/**
 * A systematic k+m erasure code over byte units: k data units are stored as they are, m parity
 * units are computed from them, and any k of the k+m units recover all others.
 *
 * <p><b>Byte ranges.</b> Every method works on the half-open range {@code [position, position +
 * length)} of each buffer it is given. Positions, limits and marks are never moved, so callers can
 * pass the same buffers again. Each buffer must have {@code remaining() >= length}. Heap, direct,
 * and (for inputs only) read-only buffers are accepted; byte order is irrelevant.
 *
 * <p><b>Ownership.</b> Buffers stay owned by the caller; an implementation never keeps a reference
 * after a call returns. Units written by a call (parity on encode, rebuilt units on reconstruct)
 * must be writable and must not overlap any other unit of the same call; overlapping ranges give
 * unspecified bytes. Callers must not modify the buffers from another thread during a call.
 *
 * <p><b>Threads and allocation.</b> Implementations are immutable and thread-safe. See each
 * implementation for what a call allocates; none allocates in proportion to {@code length} except
 * {@link #verify}.
 *
 * <p><b>Errors.</b> Misuse (wrong array sizes, a null or too short buffer, a read-only output,
 * negative length) throws {@link IllegalArgumentException} before any byte is written. A stripe
 * with more than m missing units throws {@link TooManyErasuresException}.
 */
public interface ErasureCodec {

  /** k: the number of data units per stripe, at least 1. */
  int dataUnits();

  /** m: the number of parity units per stripe and the number of lost units tolerated. */
  int parityUnits();

  /**
   * Computes the m parity units from the k data units.
   *
   * @param data k data units, read
   * @param parity m parity units, overwritten in {@code [position, position + length)}
   * @param length bytes per unit, at least 0
   */
  void encode(ByteBuffer[] data, ByteBuffer[] parity, int length);

  /**
   * Rebuilds every unit whose {@code present[i]} is false, in place. Unit index i is data unit i
   * for i < k and parity unit i - k otherwise.
   *
   * @param units k+m units; present ones are read, absent ones are overwritten
   * @param present which units hold valid bytes; k+m entries
   * @throws TooManyErasuresException if more than m units are absent; nothing is written then
   */
  void reconstruct(ByteBuffer[] units, boolean[] present, int length);

  /**
   * Rebuilds only the units with {@code rebuild[i]} true (for example the one shard a replacement
   * brick needs) from k of the present units. Absent units that are not rebuilt may be null.
   *
   * @param rebuild units to rebuild; each must be absent ({@code present[i]} false)
   * @throws TooManyErasuresException if fewer than k units are present; nothing is written then
   */
  void reconstruct(ByteBuffer[] units, boolean[] present, boolean[] rebuild, int length);

  /**
   * Whether the parity units hold exactly the parity of the data units over {@code length} bytes.
   * Allocates scratch space of at most m * 64 KiB per call.
   */
  boolean verify(ByteBuffer[] data, ByteBuffer[] parity, int length);

  /**
   * Updates parity after data unit {@code dataIndex} changed from {@code oldData} to {@code
   * newData} over the same byte range, without reading the other data units: {@code parity_j ^=
   * coef(j, dataIndex) * (oldData ^ newData)} (RS is linear over GF(2^8)). The caller provides the
   * parity bytes that correspond to the same range of the stripe.
   *
   * @param dataIndex 0..k-1
   * @param parity m parity units, read and updated in place
   */
  void applyDelta(
      int dataIndex, ByteBuffer oldData, ByteBuffer newData, ByteBuffer[] parity, int length);
}
