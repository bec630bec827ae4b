/**
 * Reed-Solomon erasure coding over GF(2^8): encode k data units into m parity units, rebuild any m
 * lost units, verify parity, and update parity for a partial write from the data delta.
 *
 * <p>{@link io.hyperblock.core.erasure.ErasureCodec} is the contract; {@link
 * io.hyperblock.core.erasure.ReedSolomonCodec} (scalar tables) and {@link
 * io.hyperblock.core.erasure.VectorReedSolomonCodec} (jdk.incubator.vector split-nibble lookups)
 * implement it byte-for-byte identically; {@link io.hyperblock.core.erasure.ErasureCodecs} picks
 * one at runtime. The code (field 0x11D, systematic Vandermonde-derived generator) is the one of
 * Backblaze JavaReedSolomon, so parity written by either is interchangeable. Pure computation: no
 * I/O, threads or clocks.
 */
package io.hyperblock.core.erasure;
