package io.hyperblock.bridge.nvmf;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An nvmet configuration as plain values: what the tree holds (read by {@link NvmetReader}) or what
 * it should hold (built by {@link #desired}). Maps are sorted so plans come out in a stable order.
 */
public record NvmetState(SortedMap<String, Subsystem> subsystems, SortedMap<Integer, Port> ports) {

  /** {@code subsystems/<nqn>}. */
  public record Subsystem(
      String nqn,
      boolean allowAnyHost,
      SortedMap<Integer, Namespace> namespaces,
      SortedSet<String> allowedHosts) {}

  /** {@code subsystems/<nqn>/namespaces/<nsid>}. */
  public record Namespace(int nsid, String devicePath, boolean enabled) {}

  /**
   * {@code ports/<id>}: its {@code addr_*} attributes (keyed without the prefix: trtype, adrfam,
   * traddr, trsvcid) and the NQNs linked under {@code subsystems/}.
   */
  public record Port(int id, Map<String, String> address, SortedSet<String> subsystems) {}

  /** The order in which address attributes are written: transport first, as nvmetcli does. */
  static final List<String> ADDRESS_KEYS = List.of("trtype", "adrfam", "traddr", "trsvcid");

  static Map<String, String> address(NvmePort port) {
    return Map.of(
        "trtype", port.trtype(),
        "adrfam", port.adrfam(),
        "traddr", port.traddr(),
        "trsvcid", Integer.toString(port.trsvcid()));
  }

  /**
   * The state a list of exports asks for: every subsystem with allow_any_host set, every namespace
   * enabled, every port linked to the subsystems exported on it.
   *
   * @throws IllegalArgumentException if two exports claim the same namespace of a subsystem, or the
   *     same port id with different addresses
   */
  public static NvmetState desired(List<NvmeExport> exports) {
    SortedMap<String, Subsystem> subsystems = new TreeMap<>();
    SortedMap<Integer, Port> ports = new TreeMap<>();
    for (NvmeExport e : exports) {
      Subsystem s =
          subsystems.computeIfAbsent(
              e.nqn(), nqn -> new Subsystem(nqn, true, new TreeMap<>(), new TreeSet<>()));
      Namespace ns = new Namespace(e.namespaceId(), e.devicePath().toString(), true);
      Namespace previous = s.namespaces().putIfAbsent(e.namespaceId(), ns);
      if (previous != null && !previous.equals(ns)) {
        throw new IllegalArgumentException(
            "volume "
                + e.volumeName()
                + " wants namespace "
                + e.namespaceId()
                + " of "
                + e.nqn()
                + ", already backed by "
                + previous.devicePath());
      }
      Map<String, String> address = address(e.port());
      Port p =
          ports.computeIfAbsent(e.port().portId(), id -> new Port(id, address, new TreeSet<>()));
      if (!p.address().equals(address)) {
        throw new IllegalArgumentException(
            "port "
                + p.id()
                + " is wanted at "
                + p.address()
                + " and, by volume "
                + e.volumeName()
                + ", at "
                + address);
      }
      p.subsystems().add(e.nqn());
    }
    return new NvmetState(subsystems, ports);
  }
}
