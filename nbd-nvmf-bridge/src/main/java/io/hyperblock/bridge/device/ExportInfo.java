package io.hyperblock.bridge.device;

/**
 * What a client may learn about an export without opening it.
 *
 * @param size bytes, as {@link BlockDevice#size()} will report once opened
 * @param preferredBlockSize as {@link BlockDevice#preferredBlockSize()}
 * @param multiConnectionSafe as {@link BlockDevice#multiConnectionSafe()}
 */
public record ExportInfo(long size, int preferredBlockSize, boolean multiConnectionSafe) {

  /** The description of an opened device. */
  public static ExportInfo of(BlockDevice device) {
    return new ExportInfo(device.size(), device.preferredBlockSize(), device.multiConnectionSafe());
  }
}
