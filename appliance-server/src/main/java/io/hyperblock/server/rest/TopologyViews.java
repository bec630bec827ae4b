package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The failure-domain tree and placement maps as JSON. Placement maps carry brick ids only; they are
 * resolved against the topology here so an operator sees which datacenter, rack and host hold each
 * chunk (a brick missing from the topology shows with null domains and state).
 */
final class TopologyViews {

  private TopologyViews() {}

  /** {@code {version, datacenters:[{name, racks:[{name, hosts:[{name, bricks:[...]}]}]}]}}. */
  static ObjectNode topology(ClusterTopology t) {
    Map<String, Map<String, Map<String, List<Brick>>>> tree = new TreeMap<>();
    for (Brick b : t.bricks()) {
      tree.computeIfAbsent(b.datacenter(), k -> new TreeMap<>())
          .computeIfAbsent(b.rack(), k -> new TreeMap<>())
          .computeIfAbsent(b.host(), k -> new java.util.ArrayList<>())
          .add(b);
    }
    ObjectNode o = Json.object();
    o.put("version", t.version());
    o.put("bricks", t.bricks().size());
    ArrayNode dcs = o.putArray("datacenters");
    tree.forEach(
        (dc, racks) -> {
          ObjectNode dcNode = dcs.addObject().put("name", dc);
          ArrayNode rackNodes = dcNode.putArray("racks");
          racks.forEach(
              (rack, hosts) -> {
                ObjectNode rackNode = rackNodes.addObject().put("name", rack);
                ArrayNode hostNodes = rackNode.putArray("hosts");
                hosts.forEach(
                    (host, bricks) -> {
                      ObjectNode hostNode = hostNodes.addObject().put("name", host);
                      ArrayNode brickNodes = hostNode.putArray("bricks");
                      bricks.stream()
                          .sorted(Comparator.comparing(Brick::id))
                          .forEach(
                              b ->
                                  brickNodes
                                      .addObject()
                                      .put("id", b.id().toString())
                                      .put("state", b.state().name())
                                      .put("weight", b.weight())
                                      .put("path", b.path()));
                    });
              });
        });
    return o;
  }

  /**
   * {@code {volumeId, volume, version, topologyVersion, stripeCount, offset, stripes:[{stripe,
   * locations:[{chunkId, bricks:[{id, datacenter, rack, host, state}]}]}]}}, limited to {@code
   * limit} stripes from index position {@code offset}.
   */
  static ObjectNode placement(
      String volumeName, PlacementMap map, ClusterTopology t, int offset, int limit) {
    ObjectNode o = Json.object();
    o.put("volumeId", map.volumeId().toString());
    o.put("volume", volumeName);
    o.put("version", map.version());
    o.put("topologyVersion", t.version());
    o.put("stripeCount", map.groups().size());
    o.put("offset", offset);
    ArrayNode stripes = o.putArray("stripes");
    List<ChunkGroup> groups = map.groups();
    int end = (int) Math.min(groups.size(), (long) offset + limit);
    for (int i = Math.min(offset, groups.size()); i < end; i++) {
      ChunkGroup g = groups.get(i);
      ObjectNode s = stripes.addObject();
      s.put("stripe", g.stripeIndex());
      ArrayNode locations = s.putArray("locations");
      for (ChunkLocation loc : g.locations()) {
        ObjectNode l = locations.addObject();
        l.put("chunkId", loc.chunkId());
        ArrayNode bricks = l.putArray("bricks");
        for (UUID id : loc.brickIds()) {
          ObjectNode b = bricks.addObject().put("id", id.toString());
          Brick brick = t.brick(id).orElse(null);
          b.put("datacenter", brick == null ? null : brick.datacenter());
          b.put("rack", brick == null ? null : brick.rack());
          b.put("host", brick == null ? null : brick.host());
          b.put("state", brick == null ? null : brick.state().name());
        }
      }
    }
    return o;
  }
}
