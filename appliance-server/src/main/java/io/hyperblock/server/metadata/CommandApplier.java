package io.hyperblock.server.metadata;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.TopologyException;
import io.hyperblock.server.metadata.MetadataCommand.AnnounceMember;
import io.hyperblock.server.metadata.MetadataCommand.AttachVolume;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.DeleteVolume;
import io.hyperblock.server.metadata.MetadataCommand.DetachVolume;
import io.hyperblock.server.metadata.MetadataCommand.InitCluster;
import io.hyperblock.server.metadata.MetadataCommand.RegisterBrick;
import io.hyperblock.server.metadata.MetadataCommand.ReportReplicaFailures;
import io.hyperblock.server.metadata.MetadataCommand.ResizeVolume;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a command to a state: a pure, deterministic function. The proposer validates requests
 * against its (possibly stale) view first; this re-checks everything that another command committed
 * in between could have changed (duplicate names, attachments, epochs), and rejects with an {@link
 * Outcome} that leaves the state unchanged.
 */
public final class CommandApplier {

  private CommandApplier() {}

  /** The new state and the command's outcome. */
  public record Applied(MetadataState state, Outcome outcome) {}

  public static Applied apply(MetadataState state, MetadataCommand command) {
    return switch (command) {
      case InitCluster c -> initCluster(state, c);
      case AnnounceMember c -> announce(state, c);
      case RegisterBrick c -> register(state, c);
      case SetBrickState c -> setBrickState(state, c);
      case CreateVolume c -> create(state, c);
      case ResizeVolume c -> resize(state, c);
      case DeleteVolume c -> delete(state, c);
      case AttachVolume c -> attach(state, c);
      case DetachVolume c -> detach(state, c);
      case ReportReplicaFailures c -> reportFailures(state, c);
      case MetadataCommand.ClearReplicaFailures c -> clearFailures(state, c);
      case MetadataCommand.PlanRebuild c -> RebuildApplier.plan(state, c);
      case MetadataCommand.UpdateRebuildTasks c -> RebuildApplier.update(state, c);
      case MetadataCommand.CompleteRebuild c -> RebuildApplier.complete(state, c);
    };
  }

  private static Applied initCluster(MetadataState state, InitCluster c) {
    if (state.clusterId().isPresent()) {
      return unchanged(state, Outcome.ok()); // a later leader raced the first: first one wins
    }
    var b = state.toBuilder();
    b.clusterId = c.clusterId();
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied announce(MetadataState state, AnnounceMember c) {
    var b = state.toBuilder();
    b.members.put(c.endpoint().memberId(), c.endpoint());
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied register(MetadataState state, RegisterBrick c) {
    if (state.clusterId().isEmpty()) {
      return unchanged(state, Outcome.conflict("the cluster has no id yet; retry in a moment"));
    }
    if (c.clusterId() != null && !c.clusterId().equals(state.clusterId().get())) {
      return unchanged(
          state,
          Outcome.conflict(
              "brick "
                  + c.brickId()
                  + " belongs to cluster "
                  + c.clusterId()
                  + ", this is cluster "
                  + state.clusterId().get()
                  + "; point the brick at its own cluster or wipe its data directory"));
    }
    Brick previous = state.topology().brick(c.brickId()).orElse(null);
    BrickState newState =
        previous == null || previous.state() == BrickState.DOWN ? BrickState.UP : previous.state();
    Brick brick =
        new Brick(
            c.brickId(), c.datacenter(), c.rack(), c.host(), c.capacityBytes(), newState, c.path());
    var b = state.toBuilder();
    try {
      b.topology = state.topology().withBrick(brick);
    } catch (TopologyException e) {
      return unchanged(state, Outcome.invalid("brick", e.getMessage()));
    }
    BrickRecord old = state.bricks().get(c.brickId());
    b.bricks.put(
        c.brickId(),
        new BrickRecord(
            c.brickId(),
            c.address(),
            c.capacityBytes(),
            old == null ? c.at() : old.registeredAt()));
    if (previous == null || previous.state() != newState) {
      b.addTransition(
          new BrickTransition(
              c.brickId(),
              previous == null ? null : previous.state(),
              newState,
              c.at(),
              BrickTransition.REGISTERED));
    }
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied setBrickState(MetadataState state, SetBrickState c) {
    Brick previous = state.topology().brick(c.brickId()).orElse(null);
    if (previous == null) {
      return unchanged(state, Outcome.notFound("brick " + c.brickId() + " is not registered"));
    }
    if (previous.state() == c.state()) {
      return unchanged(state, Outcome.ok()); // idempotent: two monitors raced
    }
    var b = state.toBuilder();
    b.topology = state.topology().withBrickState(c.brickId(), c.state());
    b.addTransition(
        new BrickTransition(c.brickId(), previous.state(), c.state(), c.at(), c.reason()));
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied create(MetadataState state, CreateVolume c) {
    VolumeRecord v = c.volume();
    if (state.volumes().containsKey(v.name())) {
      return unchanged(state, Outcome.conflict("volume '" + v.name() + "' already exists"));
    }
    if (state.volumeById(v.id()).isPresent()) {
      return unchanged(state, Outcome.conflict("volume id " + v.id() + " is already in use"));
    }
    if (c.placement().groups().size() != v.stripeCount()) {
      return unchanged(
          state,
          Outcome.invalid(
              "placement",
              "placement map has "
                  + c.placement().groups().size()
                  + " groups for "
                  + v.stripeCount()
                  + " stripes"));
    }
    String planError = planError(state, v, c.placement().groups());
    if (planError != null) {
      return unchanged(state, Outcome.invalid("placement", planError));
    }
    var b = state.toBuilder();
    b.volumes.put(v.name(), v);
    b.placements.put(v.id(), c.placement());
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied resize(MetadataState state, ResizeVolume c) {
    VolumeRecord v = state.volumes().get(c.name());
    if (v == null) {
      return unchanged(state, Outcome.notFound("volume '" + c.name() + "' does not exist"));
    }
    if (!v.id().equals(c.volumeId()) || v.placementEpoch() != c.expectedPlacementEpoch()) {
      return unchanged(
          state,
          Outcome.conflict(
              "volume '" + c.name() + "' changed while it was being resized; retry the resize"));
    }
    if (c.newSizeBytes() <= v.sizeBytes()) {
      return unchanged(
          state,
          Outcome.invalid(
              "size",
              "volume '"
                  + c.name()
                  + "' is already "
                  + v.sizeBytes()
                  + " bytes; a resize can only grow it"));
    }
    VolumeRecord grown = v.withSize(c.newSizeBytes(), v.placementEpoch() + 1);
    long oldStripes = v.stripeCount();
    if (c.newGroups().size() != grown.stripeCount() - oldStripes
        || (!c.newGroups().isEmpty() && c.newGroups().getFirst().stripeIndex() != oldStripes)) {
      return unchanged(
          state,
          Outcome.invalid(
              "placement", "resize groups do not cover stripes " + oldStripes + " onwards"));
    }
    String planError = planError(state, v, c.newGroups());
    if (planError != null) {
      return unchanged(state, Outcome.invalid("placement", planError));
    }
    PlacementMap old = state.placements().get(v.id());
    List<ChunkGroup> groups = new ArrayList<>(old.groups());
    groups.addAll(c.newGroups());
    PlacementMap grownMap;
    try {
      grownMap = new PlacementMap(v.id(), old.version() + 1, groups);
    } catch (IllegalArgumentException e) {
      return unchanged(state, Outcome.invalid("placement", e.getMessage()));
    }
    var b = state.toBuilder();
    b.volumes.put(v.name(), grown);
    b.placements.put(v.id(), grownMap);
    return new Applied(b.build(), Outcome.ok());
  }

  private static Applied delete(MetadataState state, DeleteVolume c) {
    VolumeRecord v = state.volumes().get(c.name());
    if (v == null) {
      return unchanged(state, Outcome.notFound("volume '" + c.name() + "' does not exist"));
    }
    if (v.attached() && !c.force()) {
      return unchanged(
          state,
          Outcome.conflict(
              "volume '"
                  + c.name()
                  + "' is attached to "
                  + v.attachedTo()
                  + "; detach it first or delete with force"));
    }
    var b = state.toBuilder();
    b.volumes.remove(v.name());
    b.placements.remove(v.id());
    return new Applied(b.build(), Outcome.ok(v.attachEpoch()));
  }

  private static Applied attach(MetadataState state, AttachVolume c) {
    VolumeRecord v = state.volumes().get(c.name());
    if (v == null) {
      return unchanged(state, Outcome.notFound("volume '" + c.name() + "' does not exist"));
    }
    if (v.attached() && !v.attachedTo().equals(c.clientId()) && !c.force()) {
      return unchanged(
          state,
          Outcome.conflict(
              "volume '"
                  + c.name()
                  + "' is attached to "
                  + v.attachedTo()
                  + " (epoch "
                  + v.attachEpoch()
                  + "); detach it there first, or force a takeover"));
    }
    long epoch = v.attachEpoch() + 1;
    var b = state.toBuilder();
    b.volumes.put(v.name(), v.withAttachment(epoch, c.clientId()));
    return new Applied(b.build(), Outcome.ok(epoch));
  }

  private static Applied detach(MetadataState state, DetachVolume c) {
    VolumeRecord v = state.volumeById(c.volumeId()).orElse(null);
    if (v == null) {
      return unchanged(state, Outcome.notFound("volume " + c.volumeId() + " does not exist"));
    }
    if (!v.attached()) {
      return unchanged(state, Outcome.ok(v.attachEpoch())); // idempotent
    }
    if (c.epoch() != v.attachEpoch()) {
      return unchanged(
          state,
          Outcome.conflict(
              "epoch "
                  + c.epoch()
                  + " is stale: volume '"
                  + v.name()
                  + "' is attached with epoch "
                  + v.attachEpoch()
                  + " by "
                  + v.attachedTo()));
    }
    var b = state.toBuilder();
    b.volumes.put(v.name(), v.withAttachment(v.attachEpoch(), null));
    return new Applied(b.build(), Outcome.ok(v.attachEpoch()));
  }

  private static Applied clearFailures(
      MetadataState state, MetadataCommand.ClearReplicaFailures c) {
    var b = state.toBuilder();
    int removed =
        b.removeReplicaFailures(
            f ->
                f.volumeId().equals(c.volumeId())
                    && f.stripeIndex() == c.stripeIndex()
                    && f.brickId().equals(c.brickId())
                    && !f.at().isAfter(c.reportedUpTo()));
    return removed == 0
        ? unchanged(state, Outcome.ok(0))
        : new Applied(b.build(), Outcome.ok(removed));
  }

  private static Applied reportFailures(MetadataState state, ReportReplicaFailures c) {
    var b = state.toBuilder();
    b.addReplicaFailures(c.failures());
    return new Applied(b.build(), Outcome.ok());
  }

  /**
   * Why a placement plan cannot be accepted, or null: every stripe must have the policy's shape
   * (one location of N bricks for N replicas, k+m locations of one brick for EC) on registered
   * bricks. The proposer's TopoHash guarantees this; the check keeps a bug from being persisted.
   */
  private static String planError(MetadataState state, VolumeRecord v, List<ChunkGroup> groups) {
    int locations = v.policy() instanceof Replicated ? 1 : v.policy().unitsPerStripe();
    int bricksPerLocation = v.policy() instanceof Replicated r ? r.copies() : 1;
    for (ChunkGroup g : groups) {
      if (g.locations().size() != locations) {
        return "stripe " + g.stripeIndex() + " has " + g.locations().size() + " locations";
      }
      for (ChunkLocation l : g.locations()) {
        if (l.brickIds().size() != bricksPerLocation) {
          return "chunk " + l.chunkId() + " is on " + l.brickIds().size() + " bricks";
        }
        for (java.util.UUID id : l.brickIds()) {
          if (state.topology().brick(id).isEmpty()) {
            return "chunk " + l.chunkId() + " is placed on unknown brick " + id;
          }
        }
      }
    }
    return null;
  }

  private static Applied unchanged(MetadataState state, Outcome outcome) {
    return new Applied(state, outcome);
  }
}
