package io.hyperblock.brick.repair;

/** Receives a rebuild's progress; throws to stop it (the caller went away). */
@FunctionalInterface
public interface Progress {

  /**
   * @param bytesDone bytes of the unit done so far
   * @param bytesWritten bytes actually written (all-zero ranges are skipped)
   * @throws RebuildCancelledException to abandon the rebuild
   */
  void advance(long bytesDone, long bytesWritten);

  /** Ignores progress. */
  Progress NONE = (d, w) -> {};

  /** Thrown to stop a rebuild whose requester cancelled it; nothing needs undoing. */
  final class RebuildCancelledException extends RuntimeException {
    public RebuildCancelledException(String message) {
      super(message);
    }
  }
}
