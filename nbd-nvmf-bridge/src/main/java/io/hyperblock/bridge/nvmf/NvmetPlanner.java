package io.hyperblock.bridge.nvmf;

import io.hyperblock.bridge.nvmf.NvmetAction.Mkdir;
import io.hyperblock.bridge.nvmf.NvmetAction.Rmdir;
import io.hyperblock.bridge.nvmf.NvmetAction.Symlink;
import io.hyperblock.bridge.nvmf.NvmetAction.Unlink;
import io.hyperblock.bridge.nvmf.NvmetAction.Write;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Computes the steps that turn an observed nvmet tree into the desired one. Pure: values in, a list
 * of actions out; applying the list to the observed tree yields the desired one, and planning again
 * from there yields nothing.
 *
 * <p>Order, as the kernel requires it:
 *
 * <ol>
 *   <li>unlink port links that go away (a subsystem linked from a port cannot be removed, and a
 *       port address cannot change while any subsystem is linked, so a port whose address changes
 *       loses all its links first);
 *   <li>disable, then remove, stale namespaces; remove stale subsystems (after their namespaces and
 *       allowed-host links); remove stale ports (after their links);
 *   <li>create or update subsystems and namespaces (a namespace is disabled before its device path
 *       changes, and enabled last);
 *   <li>create or update ports (address before the first link), then link subsystems.
 * </ol>
 *
 * <p>Access control is out of scope for now: every desired subsystem is open to any host ({@code
 * attr_allow_any_host=1}); host allow-lists found on stale subsystems are unlinked so the subsystem
 * can be removed. (The kernel refuses allow_any_host=1 while an allow-list is set, so a hand-made
 * allow-list on a desired subsystem makes that write fail, visibly.)
 *
 * <p>Only subsystems whose NQN the {@code owned} predicate accepts are modified or removed; a port
 * that still links a subsystem we do not own is left in place and its address untouched.
 */
public final class NvmetPlanner {

  private static final Path SUBSYSTEMS = Path.of("subsystems");
  private static final Path PORTS = Path.of("ports");

  private NvmetPlanner() {}

  /**
   * @throws IllegalStateException if a desired port's address must change while it links a
   *     subsystem we do not own (changing it would cut that subsystem off)
   */
  public static List<NvmetAction> plan(
      NvmetState observed, NvmetState desired, Predicate<String> owned) {
    List<NvmetAction> actions = new ArrayList<>();
    removeLinks(observed, desired, owned, actions);
    removeStale(observed, desired, owned, actions);
    createSubsystems(observed, desired, actions);
    createPorts(observed, desired, actions);
    return actions;
  }

  private static boolean addressChanges(NvmetState.Port have, NvmetState.Port want) {
    return want != null && !want.address().equals(have.address());
  }

  private static void removeLinks(
      NvmetState observed, NvmetState desired, Predicate<String> owned, List<NvmetAction> out) {
    for (NvmetState.Port have : observed.ports().values()) {
      NvmetState.Port want = desired.ports().get(have.id());
      boolean moving = addressChanges(have, want);
      for (String nqn : have.subsystems()) {
        if (!owned.test(nqn)) {
          if (moving) {
            throw new IllegalStateException(
                "port "
                    + have.id()
                    + " must move to "
                    + want.address()
                    + " but also serves "
                    + nqn
                    + ", which this reconciler does not own");
          }
          continue;
        }
        boolean keep = want != null && !moving && want.subsystems().contains(nqn);
        if (!keep) {
          out.add(new Unlink(portLink(have.id(), nqn)));
        }
      }
    }
  }

  private static void removeStale(
      NvmetState observed, NvmetState desired, Predicate<String> owned, List<NvmetAction> out) {
    for (NvmetState.Subsystem have : observed.subsystems().values()) {
      if (!owned.test(have.nqn())) {
        continue;
      }
      NvmetState.Subsystem want = desired.subsystems().get(have.nqn());
      for (NvmetState.Namespace ns : have.namespaces().values()) {
        if (want == null || !want.namespaces().containsKey(ns.nsid())) {
          if (ns.enabled()) {
            out.add(new Write(namespace(have.nqn(), ns.nsid()).resolve("enable"), "0"));
          }
          out.add(new Rmdir(namespace(have.nqn(), ns.nsid())));
        }
      }
      if (want == null) {
        for (String host : have.allowedHosts()) {
          out.add(new Unlink(subsystem(have.nqn()).resolve("allowed_hosts").resolve(host)));
        }
        out.add(new Rmdir(subsystem(have.nqn())));
      }
    }
    for (NvmetState.Port have : observed.ports().values()) {
      boolean foreignLinks = have.subsystems().stream().anyMatch(owned.negate());
      if (!desired.ports().containsKey(have.id()) && !foreignLinks) {
        out.add(new Rmdir(PORTS.resolve(Integer.toString(have.id()))));
      }
    }
  }

  private static void createSubsystems(
      NvmetState observed, NvmetState desired, List<NvmetAction> out) {
    for (NvmetState.Subsystem want : desired.subsystems().values()) {
      NvmetState.Subsystem have = observed.subsystems().get(want.nqn());
      Path dir = subsystem(want.nqn());
      if (have == null) {
        out.add(new Mkdir(dir));
      }
      if (have == null || !have.allowAnyHost()) {
        out.add(new Write(dir.resolve("attr_allow_any_host"), "1"));
      }
      for (NvmetState.Namespace ns : want.namespaces().values()) {
        NvmetState.Namespace current = have == null ? null : have.namespaces().get(ns.nsid());
        Path nsDir = namespace(want.nqn(), ns.nsid());
        if (current == null) {
          out.add(new Mkdir(nsDir));
        }
        boolean repoint = current == null || !current.devicePath().equals(ns.devicePath());
        if (repoint && current != null && current.enabled()) {
          out.add(new Write(nsDir.resolve("enable"), "0")); // device_path is EBUSY while enabled
        }
        if (repoint) {
          out.add(new Write(nsDir.resolve("device_path"), ns.devicePath()));
        }
        if (repoint || !current.enabled()) {
          out.add(new Write(nsDir.resolve("enable"), "1"));
        }
      }
    }
  }

  private static void createPorts(NvmetState observed, NvmetState desired, List<NvmetAction> out) {
    for (NvmetState.Port want : desired.ports().values()) {
      NvmetState.Port have = observed.ports().get(want.id());
      Path dir = PORTS.resolve(Integer.toString(want.id()));
      if (have == null) {
        out.add(new Mkdir(dir));
      }
      boolean moving = have != null && addressChanges(have, want);
      for (String key : NvmetState.ADDRESS_KEYS) {
        String value = want.address().get(key);
        if (have == null || !value.equals(have.address().get(key))) {
          out.add(new Write(dir.resolve("addr_" + key), value));
        }
      }
      for (String nqn : want.subsystems()) {
        boolean linked = have != null && !moving && have.subsystems().contains(nqn);
        if (!linked) {
          out.add(new Symlink(portLink(want.id(), nqn), subsystem(nqn)));
        }
      }
    }
  }

  static Path subsystem(String nqn) {
    return SUBSYSTEMS.resolve(nqn);
  }

  static Path namespace(String nqn, int nsid) {
    return subsystem(nqn).resolve("namespaces").resolve(Integer.toString(nsid));
  }

  static Path portLink(int port, String nqn) {
    return PORTS.resolve(Integer.toString(port)).resolve("subsystems").resolve(nqn);
  }
}
