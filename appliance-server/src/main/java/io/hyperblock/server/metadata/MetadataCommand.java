package io.hyperblock.server.metadata;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.BrickState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change to the metadata, as written to the Raft log. Every value a command needs (ids,
 * timestamps, placement) is chosen by the proposer and carried inside it, so that {@link
 * CommandApplier} is a pure function and replay is deterministic. Heartbeats never become commands:
 * only state transitions do.
 */
public sealed interface MetadataCommand {

  /** Sets the cluster id; ignored when the cluster already has one (first leader wins). */
  record InitCluster(UUID clusterId, Instant at) implements MetadataCommand {}

  /** Publishes where a group member serves gRPC and REST. */
  record AnnounceMember(MemberEndpoint endpoint) implements MetadataCommand {}

  /**
   * Adds a brick to the topology or updates it (location, capacity = weight, address); a DOWN brick
   * comes back UP.
   *
   * @param clusterId the cluster id the brick presents; null on its first start
   */
  record RegisterBrick(
      UUID brickId,
      UUID clusterId,
      String datacenter,
      String rack,
      String host,
      long capacityBytes,
      String address,
      String path,
      Instant at)
      implements MetadataCommand {}

  /** Moves a brick to another state (health monitor, operator) and records the transition. */
  record SetBrickState(UUID brickId, BrickState state, String reason, Instant at)
      implements MetadataCommand {}

  /**
   * Creates a volume with a placement map computed by the proposer.
   *
   * @param volume with placement epoch 1, attach epoch 0, detached
   * @param placement version 1, one group per stripe
   */
  record CreateVolume(VolumeRecord volume, PlacementMap placement) implements MetadataCommand {}

  /**
   * Grows a volume; {@code newGroups} place exactly the stripes [old count, new count).
   *
   * @param expectedPlacementEpoch the epoch the proposer placed against; a concurrent change
   *     rejects the command (CONFLICT) rather than applying a stale plan
   */
  record ResizeVolume(
      UUID volumeId,
      String name,
      long newSizeBytes,
      long expectedPlacementEpoch,
      List<ChunkGroup> newGroups)
      implements MetadataCommand {}

  /** Deletes a volume; refused while attached unless {@code force}. */
  record DeleteVolume(String name, boolean force) implements MetadataCommand {}

  /**
   * Grants {@code clientId} the next fencing epoch (previous + 1). Refused while another client
   * holds the volume unless {@code force} (takeover after a failed exporter).
   */
  record AttachVolume(String name, String clientId, boolean force) implements MetadataCommand {}

  /** Ends the attachment that holds {@code epoch}; a stale epoch is refused. */
  record DetachVolume(UUID volumeId, long epoch) implements MetadataCommand {}

  /** Records replica/shard failures reported by clients, batched. */
  record ReportReplicaFailures(List<ReplicaFailure> failures) implements MetadataCommand {}

  /**
   * Forgets the failures reported for one unit of a stripe on a brick up to {@code reportedUpTo}:
   * the unit was resynced from its peers (a failure reported later stays).
   */
  record ClearReplicaFailures(UUID volumeId, long stripeIndex, UUID brickId, Instant reportedUpTo)
      implements MetadataCommand {}

  /**
   * Records the tasks of a rebuild plan (PENDING). A task is skipped when its slot already has an
   * unfinished task or no longer holds {@code fromBrick} (a concurrent change moved it).
   *
   * @return outcome value = tasks added
   */
  record PlanRebuild(List<RebuildTask> tasks, Instant at) implements MetadataCommand {}

  /**
   * Batched progress of rebuild tasks: dispatch (RUNNING), bytes done, failure (back to PENDING
   * with an error), copied (COPIED), or cancellation. Unknown or finished tasks are ignored.
   */
  record UpdateRebuildTasks(List<TaskUpdate> updates, Instant at) implements MetadataCommand {}

  /**
   * Points the placement map at the targets of COPIED tasks of one volume: one new map version and
   * one placement-epoch bump for all of them, so clients refresh once. A task whose slot no longer
   * holds its {@code fromBrick} is CANCELLED instead.
   *
   * @return outcome value = the volume's new placement map version (unchanged if nothing moved)
   */
  record CompleteRebuild(UUID volumeId, List<String> taskIds, Instant at)
      implements MetadataCommand {}

  /** One task's new state in an {@link UpdateRebuildTasks} batch. */
  record TaskUpdate(
      String taskId, RebuildTask.State state, long bytesDone, int attempts, String error) {}
}
