package io.hyperblock.server.api;

import java.time.Instant;
import java.util.List;

/** Rebuild progress, for the REST API and the console. */
public interface RebuildService {

  /**
   * Every unfinished rebuild task and the most recent finished ones, with progress per task and per
   * volume. Bytes done of running tasks are the leader's latest figures when this member leads,
   * else the last batch recorded in the metadata.
   */
  Report report();

  /**
   * @param tasks newest first
   * @param volumes one entry per volume with at least one task listed
   */
  record Report(List<Task> tasks, List<VolumeProgress> volumes) {}

  /**
   * One unit being recreated on a new brick.
   *
   * @param kind COPY (replica) or RECONSTRUCT (erasure-coded shard)
   * @param state PENDING, RUNNING, COPIED, DONE or CANCELLED
   * @param lastError why the last attempt failed, or empty
   */
  record Task(
      String id,
      String volume,
      long stripe,
      int slot,
      String fromBrick,
      String toBrick,
      String kind,
      String state,
      long bytesTotal,
      long bytesDone,
      int attempts,
      String lastError,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * Rebuild progress of one volume.
   *
   * @param openTasks tasks not yet DONE or CANCELLED
   */
  record VolumeProgress(String volume, int tasks, int openTasks, long bytesTotal, long bytesDone) {}
}
