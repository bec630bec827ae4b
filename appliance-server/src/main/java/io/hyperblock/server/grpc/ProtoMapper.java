package io.hyperblock.server.grpc;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.ErasureCodedPolicy;
import io.hyperblock.protocol.v1.ReplicatedPolicy;
import io.hyperblock.protocol.v1.Volume;
import io.hyperblock.protocol.v1.VolumeState;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.volume.VolumeViews;
import java.util.List;
import java.util.UUID;

/** Conversions between the metadata model and {@code hyperblock.v1} messages. */
final class ProtoMapper {
  private ProtoMapper() {}

  static io.hyperblock.protocol.v1.BrickState brickState(BrickState s) {
    return switch (s) {
      case UP -> io.hyperblock.protocol.v1.BrickState.BRICK_STATE_UP;
      case DOWN -> io.hyperblock.protocol.v1.BrickState.BRICK_STATE_DOWN;
      case DRAINING -> io.hyperblock.protocol.v1.BrickState.BRICK_STATE_DRAINING;
      case DRAINED -> io.hyperblock.protocol.v1.BrickState.BRICK_STATE_DRAINED;
      case REMOVED -> io.hyperblock.protocol.v1.BrickState.BRICK_STATE_REMOVED;
    };
  }

  static Volume volume(VolumeRecord v, MetadataState state) {
    Volume.Builder b =
        Volume.newBuilder()
            .setId(v.id().toString())
            .setName(v.name())
            .setSizeBytes(v.sizeBytes())
            .setChunkSizeBytes(v.chunkSizeBytes())
            .setPlacementEpoch(v.placementEpoch())
            .setAttachEpoch(v.attached() ? v.attachEpoch() : 0);
    switch (v.policy()) {
      case Replicated r ->
          b.setReplicated(
              ReplicatedPolicy.newBuilder()
                  .setCopies(r.copies())
                  .setWriteQuorum(r.writeQuorum())
                  .setReadQuorum(r.readQuorum()));
      case ErasureCoded e ->
          b.setErasureCoded(
              ErasureCodedPolicy.newBuilder()
                  .setDataUnits(e.dataUnits())
                  .setParityUnits(e.parityUnits()));
    }
    var health = VolumeViews.health(v, state.placements().get(v.id()), state.topology());
    b.setState(
        v.attached()
            ? VolumeState.VOLUME_STATE_ATTACHED
            : health == io.hyperblock.server.api.VolumeState.HEALTHY
                ? VolumeState.VOLUME_STATE_AVAILABLE
                : VolumeState.VOLUME_STATE_DEGRADED);
    return b.build();
  }

  static io.hyperblock.protocol.v1.PlacementMap placement(PlacementMap map) {
    var b =
        io.hyperblock.protocol.v1.PlacementMap.newBuilder()
            .setVolumeId(map.volumeId().toString())
            .setVersion(map.version());
    for (ChunkGroup g : map.groups()) {
      var gb = io.hyperblock.protocol.v1.ChunkGroup.newBuilder().setStripeIndex(g.stripeIndex());
      for (int i = 0; i < g.locations().size(); i++) {
        ChunkLocation l = g.locations().get(i);
        gb.addLocations(
            io.hyperblock.protocol.v1.ChunkLocation.newBuilder()
                .setChunkId(i)
                .addAllBrickIds(l.brickIds().stream().map(UUID::toString).toList()));
      }
      b.addGroups(gb);
    }
    return b.build();
  }

  /** The directory of every brick the map names, in first-use order. */
  static List<BrickAddress> brickAddresses(PlacementMap map, MetadataState state) {
    return VolumeViews.bricksOf(map).stream()
        .map(
            id -> {
              BrickRecord r = state.bricks().get(id);
              var b = BrickAddress.newBuilder().setBrickId(id.toString());
              if (r != null) {
                b.setAddress(r.address());
              }
              state.topology().brick(id).ifPresent(br -> b.setState(brickState(br.state())));
              return b.build();
            })
        .toList();
  }

  /**
   * The reported failures of the map's units that still apply: the brick still holds that unit of
   * the stripe (a moved unit's failures are dropped when it moves, a resync clears them).
   */
  static List<io.hyperblock.protocol.v1.StaleUnit> staleUnits(
      PlacementMap map, MetadataState state) {
    List<io.hyperblock.protocol.v1.StaleUnit> out = new java.util.ArrayList<>();
    java.util.Set<List<Object>> seen = new java.util.HashSet<>();
    for (var f : state.replicaFailures()) {
      if (!f.volumeId().equals(map.volumeId())) {
        continue;
      }
      var group = map.group(f.stripeIndex()).orElse(null);
      if (group == null) {
        continue;
      }
      boolean holds =
          group.locations().size() == 1
              ? group.locations().getFirst().brickIds().contains(f.brickId())
              : f.shardIndex() < group.locations().size()
                  && group.locations().get(f.shardIndex()).brickIds().contains(f.brickId());
      if (holds && seen.add(List.of(f.stripeIndex(), f.shardIndex(), f.brickId()))) {
        out.add(
            io.hyperblock.protocol.v1.StaleUnit.newBuilder()
                .setStripeIndex(f.stripeIndex())
                .setShardIndex(f.shardIndex())
                .setBrickId(f.brickId().toString())
                .build());
      }
    }
    return out;
  }
}
