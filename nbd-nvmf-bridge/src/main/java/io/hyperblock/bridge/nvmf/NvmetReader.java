package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the current nvmet tree into an {@link NvmetState}. */
final class NvmetReader {

  private NvmetReader() {}

  /**
   * @throws IOException if the tree cannot be read or has no {@code subsystems/} and {@code ports/}
   *     (the nvmet module creates both when it loads); entries whose names are not numbers where
   *     the kernel uses numbers (namespace and port ids) are ignored, as the kernel would reject
   *     them
   */
  static NvmetState read(Configfs fs) throws IOException {
    if (!fs.exists(Path.of("subsystems")) || !fs.exists(Path.of("ports"))) {
      throw new java.nio.file.NoSuchFileException(
          "subsystems/ and ports/", null, "not found under the nvmet root");
    }
    SortedMap<String, NvmetState.Subsystem> subsystems = new TreeMap<>();
    for (String nqn : fs.list(Path.of("subsystems"))) {
      Path dir = NvmetPlanner.subsystem(nqn);
      var namespaces = new TreeMap<Integer, NvmetState.Namespace>();
      for (String name : fs.list(dir.resolve("namespaces"))) {
        Integer nsid = parseId(name);
        if (nsid != null) {
          Path ns = dir.resolve("namespaces").resolve(name);
          namespaces.put(
              nsid,
              new NvmetState.Namespace(
                  nsid,
                  fs.read(ns.resolve("device_path")),
                  "1".equals(fs.read(ns.resolve("enable")))));
        }
      }
      boolean anyHost = "1".equals(fs.read(dir.resolve("attr_allow_any_host")));
      var hosts = new TreeSet<>(fs.list(dir.resolve("allowed_hosts")));
      subsystems.put(nqn, new NvmetState.Subsystem(nqn, anyHost, namespaces, hosts));
    }
    SortedMap<Integer, NvmetState.Port> ports = new TreeMap<>();
    for (String name : fs.list(Path.of("ports"))) {
      Integer id = parseId(name);
      if (id == null) {
        continue;
      }
      Path dir = Path.of("ports", name);
      Map<String, String> address = new HashMap<>();
      for (String key : NvmetState.ADDRESS_KEYS) {
        address.put(key, fs.read(dir.resolve("addr_" + key)));
      }
      var linked = new TreeSet<>(fs.list(dir.resolve("subsystems")));
      ports.put(id, new NvmetState.Port(id, address, linked));
    }
    return new NvmetState(subsystems, ports);
  }

  private static Integer parseId(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
