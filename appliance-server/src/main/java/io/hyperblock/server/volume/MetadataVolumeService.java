package io.hyperblock.server.volume;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementException;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.VolumeRecord;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link VolumeService} over the replicated metadata. The proposer (this member) validates against
 * its view, places every stripe with TopoHash once, and carries the plan in the command; the state
 * machine re-checks what a concurrent command could have changed.
 */
public final class MetadataVolumeService implements VolumeService {

  private final MetadataStore store;
  private final BrickGateway bricks;
  private final Clock clock;
  private final Supplier<UUID> ids;

  /**
   * @param ids source of new volume ids (random in production, seeded in tests)
   */
  public MetadataVolumeService(
      MetadataStore store, BrickGateway bricks, Clock clock, Supplier<UUID> ids) {
    this.store = Objects.requireNonNull(store);
    this.bricks = Objects.requireNonNull(bricks);
    this.clock = Objects.requireNonNull(clock);
    this.ids = Objects.requireNonNull(ids);
  }

  @Override
  public VolumeInfo create(CreateVolumeRequest request) {
    if (request == null) {
      throw new ValidationException("request", "the volume request is empty");
    }
    VolumeValidator.name(request.name());
    VolumeValidator.size(request.sizeBytes());
    long chunk = VolumeValidator.chunkSize(request.chunkSizeBytes());
    MetadataState state = store.state();
    VolumeValidator.fits(request.policy(), state.topology());
    VolumeValidator.unitCount(request.sizeBytes(), chunk, request.policy());
    if (state.volumes().containsKey(request.name())) {
      throw new ConflictException("volume '" + request.name() + "' already exists");
    }
    UUID id = ids.get();
    VolumeRecord volume =
        new VolumeRecord(
            id,
            request.name(),
            request.sizeBytes(),
            chunk,
            request.policy(),
            1,
            0,
            null,
            clock.instant());
    List<ChunkGroup> groups = place(volume, 0, volume.stripeCount(), state.topology());
    PlacementMap map = new PlacementMap(id, 1, groups);
    store.submit(new MetadataCommand.CreateVolume(volume, map)).orThrow("volume", request.name());
    return VolumeViews.info(volume, map, store.state().topology());
  }

  @Override
  public List<VolumeInfo> list() {
    MetadataState state = store.state();
    return state.volumes().values().stream()
        .map(v -> VolumeViews.info(v, state.placements().get(v.id()), state.topology()))
        .toList();
  }

  @Override
  public VolumeInfo get(String name) {
    MetadataState state = store.state();
    VolumeRecord v = require(state, name);
    return VolumeViews.info(v, state.placements().get(v.id()), state.topology());
  }

  @Override
  public void delete(String name, boolean force) {
    MetadataState state = store.state();
    VolumeRecord v = require(state, name);
    PlacementMap map = state.placements().get(v.id());
    store.submit(new MetadataCommand.DeleteVolume(name, force)).orThrow("volume", name);
    List<String> addresses =
        VolumeViews.bricksOf(map).stream()
            .map(state.bricks()::get)
            .filter(Objects::nonNull)
            .map(BrickRecord::address)
            .toList();
    // One above any epoch ever granted: fences a forced-out writer on the bricks too.
    bricks.deleteVolume(addresses, v.id(), v.attachEpoch() + 1);
  }

  @Override
  public VolumeInfo resize(String name, long newSizeBytes) {
    MetadataState state = store.state();
    VolumeRecord v = require(state, name);
    VolumeValidator.size(newSizeBytes);
    if (newSizeBytes <= v.sizeBytes()) {
      throw new ValidationException(
          "size",
          "volume '"
              + name
              + "' is "
              + v.sizeBytes()
              + " B; a resize can only grow it, and "
              + newSizeBytes
              + " B is not larger");
    }
    VolumeValidator.unitCount(newSizeBytes, v.chunkSizeBytes(), v.policy());
    long oldStripes = v.stripeCount();
    long newStripes = (newSizeBytes + v.chunkSizeBytes() - 1) / v.chunkSizeBytes();
    if (newStripes > oldStripes) {
      VolumeValidator.fits(v.policy(), state.topology());
    }
    List<ChunkGroup> groups = place(v, oldStripes, newStripes, state.topology());
    store
        .submit(
            new MetadataCommand.ResizeVolume(
                v.id(), name, newSizeBytes, v.placementEpoch(), groups))
        .orThrow("volume", name);
    return get(name);
  }

  @Override
  public PlacementMap placement(String name) {
    MetadataState state = store.state();
    return state.placements().get(require(state, name).id());
  }

  private static VolumeRecord require(MetadataState state, String name) {
    return state.volume(name).orElseThrow(() -> new NotFoundException("volume", name));
  }

  private static List<ChunkGroup> place(
      VolumeRecord v, long from, long to, ClusterTopology topology) {
    ProtectionPolicy policy = v.policy();
    try {
      return VolumePlacer.placeStripes(
          v.id(), policy, from, to, topology, VolumePlacer.defaultRule(policy));
    } catch (PlacementException e) {
      throw new ValidationException("policy", e.getMessage());
    }
  }
}
