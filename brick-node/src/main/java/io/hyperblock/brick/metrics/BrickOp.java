package io.hyperblock.brick.metrics;

import java.util.Locale;

/** Brick operations as they are labelled in metrics ({@code op="write"}). */
public enum BrickOp {
  WRITE,
  READ,
  FLUSH,
  TRIM,
  STAT,
  LIST_CHUNKS,
  STREAM_SHARD,
  DELETE_VOLUME,
  OBSERVE_EPOCH;

  /** The label value: the lower-case name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
