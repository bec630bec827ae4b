package io.hyperblock.brick.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.store.ShardKey;
import java.util.UUID;

/**
 * Boundary validation of BrickService request fields. Every failure is an INVALID_ARGUMENT status
 * whose message names the field, the value and the accepted range.
 */
final class Requests {
  /**
   * Largest payload of one WriteShard/ReadShard and largest piece of StreamShard: 16 MiB. It bounds
   * the memory one request pins (a 256 MiB brick heap must survive a handful in flight) and stays
   * below the 32 MiB inbound message limit with room for the envelope.
   */
  static final int MAX_IO_BYTES = 16 << 20;

  /** Inbound gRPC message limit: a maximal write plus its envelope fits. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 32 << 20;

  private Requests() {}

  static UUID volumeId(String text) {
    if (text.isEmpty()) {
      throw invalid("volume_id is missing; send the volume's UUID");
    }
    try {
      UUID id = UUID.fromString(text);
      if (!id.toString().equals(text.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("not canonical");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw invalid(
          "volume_id '"
              + text
              + "' is not a UUID; use the canonical form such as"
              + " 3f2b8e8a-1d2c-4e5f-9a0b-1c2d3e4f5a6b");
    }
  }

  /** An empty id means "all volumes". */
  static UUID optionalVolumeId(String text) {
    return text.isEmpty() ? null : volumeId(text);
  }

  static ShardKey shard(String volumeId, long stripeIndex, int shardIndex) {
    UUID id = volumeId(volumeId);
    if (stripeIndex < 0) {
      throw invalid("stripe_index " + stripeIndex + " is negative; stripe indexes start at 0");
    }
    if (shardIndex < 0) {
      throw invalid("shard_index " + shardIndex + " is negative; shard indexes start at 0");
    }
    return new ShardKey(id, stripeIndex, shardIndex);
  }

  static long epoch(long epoch) {
    if (epoch < 0) {
      throw invalid("epoch " + epoch + " is negative; epochs granted by AttachVolume are >= 0");
    }
    return epoch;
  }

  static long placementVersion(long version) {
    if (version < 0) {
      throw invalid(
          "placement_version "
              + version
              + " is negative; send the version of the placement map the write is made by");
    }
    return version;
  }

  static long generation(long generation) {
    if (generation < 0) {
      throw invalid("generation " + generation + " is negative; generations start at 0");
    }
    return generation;
  }

  /** A range of one I/O message: 1 byte to {@link #MAX_IO_BYTES}, not overflowing. */
  static void ioRange(long offset, long length, String lengthField) {
    if (length <= 0 || length > MAX_IO_BYTES) {
      throw invalid(
          lengthField
              + " "
              + length
              + " is out of range; one request moves 1 B to "
              + MAX_IO_BYTES
              + " B (16 MiB), split larger I/O");
    }
    range(offset, length, lengthField);
  }

  /** A range of any length >= 0 (trim, stream), not overflowing. */
  static void range(long offset, long length, String lengthField) {
    if (offset < 0) {
      throw invalid("offset " + offset + " is negative; shard offsets start at 0");
    }
    if (length < 0) {
      throw invalid(lengthField + " " + length + " is negative");
    }
    if (offset > Long.MAX_VALUE - length) {
      throw invalid(
          "range [" + offset + ", " + offset + " + " + length + ") overflows a 64-bit offset");
    }
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
