package io.hyperblock.server.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one rebuild task stands.
 *
 * @param taskId stable id of the task
 * @param volume name of the volume being rebuilt
 * @param bytesDone bytes copied or reconstructed so far
 * @param bytesTotal bytes the task must move in all
 * @param lastProgressAt when {@code bytesDone} last grew (or the task started)
 */
public record RebuildProgress(
    String taskId, String volume, long bytesDone, long bytesTotal, Instant lastProgressAt) {

  public RebuildProgress {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(lastProgressAt, "lastProgressAt");
  }

  public boolean finished() {
    return bytesDone >= bytesTotal;
  }
}
