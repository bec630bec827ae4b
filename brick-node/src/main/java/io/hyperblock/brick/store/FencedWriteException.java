package io.hyperblock.brick.store;

import java.util.UUID;

/**
 * A mutation carried a fencing epoch older than the highest this brick has seen for the volume: a
 * newer exporter has attached the volume, so this writer must stop writing and detach. Nothing was
 * changed on the brick.
 */
public class FencedWriteException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final UUID volumeId;
  private final long writeEpoch;
  private final long highestEpoch;

  public FencedWriteException(UUID volumeId, long writeEpoch, long highestEpoch) {
    super(
        "write epoch "
            + writeEpoch
            + " for volume "
            + volumeId
            + " is older than epoch "
            + highestEpoch
            + " already seen on this brick; the writer has been fenced");
    this.volumeId = volumeId;
    this.writeEpoch = writeEpoch;
    this.highestEpoch = highestEpoch;
  }

  public UUID volumeId() {
    return volumeId;
  }

  public long writeEpoch() {
    return writeEpoch;
  }

  public long highestEpoch() {
    return highestEpoch;
  }
}
