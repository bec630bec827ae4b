package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.ClusterStatus;
import io.hyperblock.server.api.VolumeInfo;
import java.time.Instant;
import java.util.List;

/**
 * The JSON representations of volumes, policies, bricks and cluster status (documented in {@code
 * docs/api.md}). Sizes appear twice: exact bytes ({@code sizeBytes}) for programs and a human form
 * ({@code size}, e.g. {@code 100GiB}) for people; instants are ISO-8601 UTC strings.
 */
final class JsonViews {

  private JsonViews() {}

  static ObjectNode volume(VolumeInfo v) {
    ObjectNode o = Json.object();
    o.put("id", v.id() == null ? null : v.id().toString());
    o.put("name", v.name());
    size(o, "size", v.sizeBytes());
    size(o, "chunkSize", v.chunkSizeBytes());
    o.put("stripes", v.chunkSizeBytes() > 0 ? v.stripeCount() : 0);
    o.set("policy", policy(v.policy()));
    o.put("state", v.state() == null ? null : v.state().name());
    o.put("placementEpoch", v.placementEpoch());
    o.put("attachEpoch", v.attachEpoch());
    o.put("attachedTo", v.attachedTo());
    instant(o, "createdAt", v.createdAt());
    return o;
  }

  static ObjectNode volumes(List<VolumeInfo> list) {
    ObjectNode o = Json.object();
    ArrayNode items = o.putArray("volumes");
    list.forEach(v -> items.add(volume(v)));
    return o;
  }

  static ObjectNode policy(ProtectionPolicy p) {
    ObjectNode o = Json.object();
    switch (p) {
      case ErasureCoded ec -> {
        o.put("type", "erasure");
        o.put("dataChunks", ec.dataUnits());
        o.put("parityChunks", ec.parityUnits());
        o.put("profile", ec.displayName());
      }
      case Replicated r -> {
        o.put("type", "replicated");
        o.put("replicas", r.copies());
        o.put("writeQuorum", r.writeQuorum());
        o.put("readQuorum", r.readQuorum());
        o.put("profile", r.displayName());
      }
      case null -> {
        return null;
      }
    }
    o.put("faultTolerance", p.faultTolerance());
    return o;
  }

  static ObjectNode brick(BrickInfo info) {
    Brick b = info.brick();
    ObjectNode o = Json.object();
    o.put("id", b.id().toString());
    o.put("datacenter", b.datacenter());
    o.put("rack", b.rack());
    o.put("host", b.host());
    o.put("state", b.state() == null ? null : b.state().name());
    o.put("weight", b.weight());
    o.put("path", b.path());
    o.put("address", info.address());
    size(o, "capacity", info.capacityBytes());
    size(o, "used", info.usedBytes());
    instant(o, "lastHeartbeat", info.lastHeartbeat());
    instant(o, "registeredAt", info.registeredAt());
    return o;
  }

  static ObjectNode bricks(List<BrickInfo> list) {
    ObjectNode o = Json.object();
    ArrayNode items = o.putArray("bricks");
    list.forEach(b -> items.add(brick(b)));
    return o;
  }

  static ObjectNode status(ClusterStatus s) {
    ObjectNode o = Json.object();
    o.put("clusterId", s.clusterId());
    o.put("leader", s.leader());
    ArrayNode members = o.putArray("members");
    s.members().forEach(members::add);
    o.put("topologyVersion", s.topologyVersion());
    o.put("bricksTotal", s.bricksTotal());
    o.put("bricksUp", s.bricksUp());
    o.put("volumes", s.volumes());
    size(o, "capacity", s.capacityBytes());
    size(o, "used", s.usedBytes());
    return o;
  }

  /** Puts {@code <name>Bytes} (exact) and {@code <name>} (human, e.g. 100GiB). */
  static void size(ObjectNode o, String name, long bytes) {
    o.put(name + "Bytes", bytes);
    o.put(name, bytes >= 0 ? DataSize.ofBytes(bytes).toString() : null);
  }

  private static void instant(ObjectNode o, String name, Instant t) {
    o.put(name, t == null ? null : t.toString());
  }
}
