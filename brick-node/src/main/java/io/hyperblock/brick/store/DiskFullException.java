package io.hyperblock.brick.store;

/**
 * The write needs more space than the brick has left (its configured capacity or the real file
 * system). Nothing of the rejected write is visible and existing data is intact. The caller should
 * report the brick as full and place the data elsewhere; an operator frees space (delete volumes,
 * trim) or grows the brick.
 */
public class DiskFullException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long freeBytes;

  public DiskFullException(long neededBytes, long freeBytes) {
    this(neededBytes, freeBytes, null);
  }

  public DiskFullException(long neededBytes, long freeBytes, Throwable cause) {
    super(
        "brick is full: the write needs "
            + neededBytes
            + " more bytes but only "
            + freeBytes
            + " are free; existing data is intact. Free space (delete or trim volumes) or"
            + " place the shard on another brick",
        cause);
    this.neededBytes = neededBytes;
    this.freeBytes = freeBytes;
  }

  public long neededBytes() {
    return neededBytes;
  }

  public long freeBytes() {
    return freeBytes;
  }
}
