package io.hyperblock.server.rest.fake;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.api.VolumeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Volumes in a map, placed round-robin over UP bricks interleaved by rack (not TopoHash: the REST
 * layer only needs a valid, deterministic map). Validates exactly what {@link VolumeService}
 * documents. Thread-safe (synchronized).
 */
public final class InMemoryVolumeService implements VolumeService {

  static final long MIN_BYTES = DataSize.MIB;
  static final long DEFAULT_CHUNK = 128 * DataSize.MIB;
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final InMemoryCluster cluster;
  private final long maxBytes;
  private final Map<String, VolumeInfo> volumes = new TreeMap<>();
  private final Map<String, PlacementMap> placements = new TreeMap<>();

  InMemoryVolumeService(InMemoryCluster cluster, long maxBytes) {
    this.cluster = cluster;
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized VolumeInfo create(CreateVolumeRequest r) {
    String name = r.name();
    if (name == null || name.length() > 63 || !DNS_1123_LABEL.matcher(name).matches()) {
      throw new ValidationException(
          "name",
          "volume name '"
              + name
              + "' is not a DNS-1123 label: 1-63 characters, lower-case letters, digits and '-',"
              + " starting and ending with a letter or digit");
    }
    checkSize(r.sizeBytes());
    long chunk = r.chunkSizeBytes() == 0 ? DEFAULT_CHUNK : r.chunkSizeBytes();
    if (Long.bitCount(chunk) != 1 || chunk < DataSize.MIB) {
      throw new ValidationException(
          "chunkSize", "chunk size " + chunk + " B is not a power of two of at least 1MiB");
    }
    List<Brick> up = upBricksByRack();
    ProtectionPolicy policy = r.policy();
    if (policy.unitsPerStripe() > up.size()) {
      String what = policy instanceof ErasureCoded ? "k+m" : "replicas";
      throw new ValidationException(
          "policy",
          policy.displayName()
              + " needs "
              + policy.unitsPerStripe()
              + " bricks ("
              + what
              + ") but only "
              + up.size()
              + " bricks are UP");
    }
    if (volumes.containsKey(name)) {
      throw new ConflictException("a volume named '" + name + "' already exists");
    }
    VolumeInfo v =
        new VolumeInfo(
            UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            name,
            r.sizeBytes(),
            chunk,
            policy,
            VolumeState.HEALTHY,
            1,
            0,
            null,
            Instant.parse("2026-01-01T00:00:00Z"));
    volumes.put(name, v);
    placements.put(name, place(v, up, 1));
    return v;
  }

  private void checkSize(long bytes) {
    if (bytes < MIN_BYTES) {
      throw new ValidationException(
          "size", "volume size " + DataSize.ofBytes(bytes) + " is below the minimum of 1MiB");
    }
    if (bytes > maxBytes) {
      throw new ValidationException(
          "size",
          "volume size "
              + DataSize.ofBytes(bytes)
              + " is above the maximum of "
              + DataSize.ofBytes(maxBytes));
    }
  }

  private List<Brick> upBricksByRack() {
    Map<String, List<Brick>> byRack = new TreeMap<>();
    cluster.topology().bricks().stream()
        .filter(Brick::takesPlacements)
        .sorted(Comparator.comparing(Brick::id))
        .forEach(
            b ->
                byRack
                    .computeIfAbsent(
                        b.domainPath(io.hyperblock.core.topology.DomainLevel.RACK),
                        k -> new ArrayList<>())
                    .add(b));
    List<Brick> out = new ArrayList<>();
    for (int i = 0; out.size() < byRack.values().stream().mapToInt(List::size).sum(); i++) {
      for (List<Brick> rack : byRack.values()) {
        if (i < rack.size()) {
          out.add(rack.get(i));
        }
      }
    }
    return out;
  }

  private static PlacementMap place(VolumeInfo v, List<Brick> up, long version) {
    List<ChunkGroup> groups = new ArrayList<>();
    int units = v.policy().unitsPerStripe();
    for (long s = 0; s < v.stripeCount(); s++) {
      List<UUID> ids = new ArrayList<>();
      for (int u = 0; u < units; u++) {
        ids.add(up.get((int) ((s + u) % up.size())).id());
      }
      List<ChunkLocation> locs = new ArrayList<>();
      if (v.policy() instanceof ErasureCoded) {
        for (int u = 0; u < units; u++) {
          locs.add(
              new ChunkLocation(ChunkLocation.shardChunkId(v.id(), s, u), List.of(ids.get(u))));
        }
      } else {
        locs.add(new ChunkLocation(ChunkLocation.replicaChunkId(v.id(), s), ids));
      }
      groups.add(new ChunkGroup(s, locs));
    }
    return new PlacementMap(v.id(), version, groups);
  }

  @Override
  public synchronized List<VolumeInfo> list() {
    return List.copyOf(volumes.values());
  }

  @Override
  public synchronized VolumeInfo get(String name) {
    VolumeInfo v = volumes.get(name);
    if (v == null) {
      throw new NotFoundException("volume", name);
    }
    return v;
  }

  /** Marks the volume attached, as an exporter would (for testing delete without force). */
  public synchronized void attach(String name, String client) {
    VolumeInfo v = get(name);
    volumes.put(
        name,
        new VolumeInfo(
            v.id(),
            v.name(),
            v.sizeBytes(),
            v.chunkSizeBytes(),
            v.policy(),
            v.state(),
            v.placementEpoch(),
            v.attachEpoch() + 1,
            client,
            v.createdAt()));
  }

  @Override
  public synchronized void delete(String name, boolean force) {
    VolumeInfo v = get(name);
    if (v.attachedTo() != null && !force) {
      throw new ConflictException(
          "volume '"
              + name
              + "' is attached to "
              + v.attachedTo()
              + "; detach it or delete with force");
    }
    volumes.remove(name);
    placements.remove(name);
  }

  @Override
  public synchronized VolumeInfo resize(String name, long newSizeBytes) {
    VolumeInfo v = get(name);
    if (newSizeBytes <= v.sizeBytes()) {
      throw new ValidationException(
          "size",
          "new size "
              + DataSize.ofBytes(newSizeBytes)
              + " is not larger than the current "
              + DataSize.ofBytes(v.sizeBytes())
              + "; volumes can only grow");
    }
    checkSize(newSizeBytes);
    VolumeInfo grown =
        new VolumeInfo(
            v.id(),
            v.name(),
            newSizeBytes,
            v.chunkSizeBytes(),
            v.policy(),
            v.state(),
            v.placementEpoch() + 1,
            v.attachEpoch(),
            v.attachedTo(),
            v.createdAt());
    volumes.put(name, grown);
    placements.put(name, place(grown, upBricksByRack(), placements.get(name).version() + 1));
    return grown;
  }

  @Override
  public synchronized PlacementMap placement(String name) {
    get(name);
    return placements.get(name);
  }
}
