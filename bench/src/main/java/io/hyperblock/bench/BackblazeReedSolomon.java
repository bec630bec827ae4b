package io.hyperblock.bench;

import com.backblaze.erasure.ReedSolomon;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Calls Backblaze JavaReedSolomon (the copy inside kcp-fec 1.6) through method handles. Its {@code
 * ReedSolomon} overloads {@code encodeParity}/{@code decodeMissing} with netty {@code ByteBuf}
 * variants, and netty is excluded from the bench classpath, so javac cannot resolve direct calls.
 * The handles are {@code static final}, so the JIT links them like direct calls.
 */
final class BackblazeReedSolomon {

  private static final MethodHandle ENCODE_PARITY;
  private static final MethodHandle DECODE_MISSING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      ENCODE_PARITY =
          lookup.findVirtual(
              ReedSolomon.class,
              "encodeParity",
              MethodType.methodType(void.class, byte[][].class, int.class, int.class));
      DECODE_MISSING =
          lookup.findVirtual(
              ReedSolomon.class,
              "decodeMissing",
              MethodType.methodType(
                  void.class, byte[][].class, boolean[].class, int.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ReedSolomon codec;

  BackblazeReedSolomon(int dataShards, int parityShards) {
    this.codec = ReedSolomon.create(dataShards, parityShards);
  }

  /** Fills shards[k..k+m) with parity of shards[0..k) over [offset, offset + byteCount). */
  void encodeParity(byte[][] shards, int offset, int byteCount) {
    try {
      ENCODE_PARITY.invokeExact(codec, shards, offset, byteCount);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Rebuilds every shard whose shardPresent entry is false. */
  void decodeMissing(byte[][] shards, boolean[] shardPresent, int offset, int byteCount) {
    try {
      DECODE_MISSING.invokeExact(codec, shards, shardPresent, offset, byteCount);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException runtime) {
      return runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(t);
  }
}
