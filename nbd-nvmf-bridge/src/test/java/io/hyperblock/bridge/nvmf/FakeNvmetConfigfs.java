package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A temporary directory that behaves like the nvmet configfs tree, for machines without configfs.
 *
 * <p>What the kernel does by itself, this fake does too: {@code mkdir} of a subsystem, namespace or
 * port creates its attribute files and default groups (a subset of the kernel's: the ones the
 * reconciler reads or writes, plus a few it must leave alone), and {@code rmdir} removes them with
 * the item. What the kernel refuses, this fake refuses with an IOException: removing a subsystem
 * that a port links or that has namespaces, removing a port with links, changing {@code
 * device_path} of an enabled namespace, changing a port address while a subsystem is linked,
 * enabling a namespace with no device, linking from a port with no transport, writing an attribute
 * that does not exist, mkdir outside a group. It is stricter than the kernel in one place: it
 * refuses to remove an enabled namespace (the kernel disables it implicitly), to prove the
 * reconciler disables first. Every successful operation is appended to {@link #log}.
 */
final class FakeNvmetConfigfs implements Configfs {

  final Path root;
  final List<String> log = new CopyOnWriteArrayList<>();
  private final KernelConfigfs raw;
  private int failAt = -1;

  FakeNvmetConfigfs(Path root) throws IOException {
    this.root = root;
    this.raw = new KernelConfigfs(root);
    Files.createDirectories(root.resolve("subsystems"));
    Files.createDirectories(root.resolve("ports"));
    Files.createDirectories(root.resolve("hosts"));
  }

  /** The {@code n}-th mutating operation from now (0-based) fails once, like a kernel EBUSY. */
  void failOperation(int n) {
    failAt = n;
  }

  private void maybeFail(String op) throws IOException {
    if (failAt == 0) {
      failAt = -1;
      throw new IOException("injected failure at " + op);
    }
    if (failAt > 0) {
      failAt--;
    }
  }

  @Override
  public boolean exists(Path path) {
    return raw.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return raw.list(dir);
  }

  @Override
  public String read(Path attribute) throws IOException {
    return raw.read(attribute);
  }

  @Override
  public void write(Path attribute, String value) throws IOException {
    maybeFail("write " + attribute);
    Path abs = root.resolve(attribute);
    if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(attribute + ": no such attribute (configfs cannot create files)");
    }
    String name = attribute.getFileName().toString();
    Path item = attribute.getParent();
    if (name.equals("device_path") && "1".equals(raw.read(item.resolve("enable")))) {
      throw new IOException(attribute + ": device busy (namespace enabled)");
    }
    if (name.equals("enable")
        && value.equals("1")
        && raw.read(item.resolve("device_path")).isEmpty()) {
      throw new IOException(attribute + ": invalid argument (no device_path)");
    }
    if (name.startsWith("addr_") && !raw.list(item.resolve("subsystems")).isEmpty()) {
      throw new IOException(attribute + ": permission denied (port enabled)");
    }
    if (name.equals("attr_allow_any_host") && !value.equals("0") && !value.equals("1")) {
      throw new IOException(attribute + ": invalid argument");
    }
    Files.writeString(abs, value + "\n");
    log.add("write " + attribute + "=" + value);
  }

  @Override
  public void mkdir(Path dir) throws IOException {
    maybeFail("mkdir " + dir);
    String group = dir.getParent() == null ? "" : dir.getParent().toString();
    raw.mkdir(dir);
    Path abs = root.resolve(dir);
    if (group.equals("subsystems")) {
      attrs(abs, "attr_allow_any_host", "0", "attr_serial", "1234abcd", "attr_version", "1.3");
      groups(abs, "namespaces", "allowed_hosts");
    } else if (group.matches("subsystems/[^/]+/namespaces")) {
      attrs(abs, "device_path", "", "enable", "0", "device_uuid", "", "ana_grpid", "1");
    } else if (group.equals("ports")) {
      attrs(abs, "addr_trtype", "", "addr_adrfam", "", "addr_traddr", "", "addr_trsvcid", "");
      attrs(abs, "addr_treq", "not specified");
      groups(abs, "subsystems", "referrals", "ana_groups");
    } else {
      Files.delete(abs);
      throw new IOException(dir + ": operation not permitted (not a configfs group)");
    }
    log.add("mkdir " + dir);
  }

  @Override
  public void rmdir(Path dir) throws IOException {
    maybeFail("rmdir " + dir);
    Path abs = root.resolve(dir);
    String group = dir.getParent() == null ? "" : dir.getParent().toString();
    if (group.equals("subsystems")) {
      requireEmpty(abs.resolve("namespaces"), dir);
      requireEmpty(abs.resolve("allowed_hosts"), dir);
      for (String port : raw.list(Path.of("ports"))) {
        if (raw.exists(Path.of("ports", port, "subsystems", dir.getFileName().toString()))) {
          throw new IOException(dir + ": device busy (linked from port " + port + ")");
        }
      }
    } else if (group.matches("subsystems/[^/]+/namespaces")) {
      if ("1".equals(raw.read(dir.resolve("enable")))) {
        throw new IOException(dir + ": namespace still enabled (fake is strict here)");
      }
    } else if (group.equals("ports")) {
      requireEmpty(abs.resolve("subsystems"), dir);
    } else {
      throw new IOException(dir + ": operation not permitted");
    }
    try (Stream<Path> walk = Files.walk(abs)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    log.add("rmdir " + dir);
  }

  @Override
  public void symlink(Path link, Path target) throws IOException {
    maybeFail("symlink " + link);
    if (!link.getParent().getFileName().toString().equals("subsystems")
        || !link.getParent().getParent().getParent().toString().equals("ports")) {
      throw new IOException(link + ": operation not permitted (links live in ports/*/subsystems)");
    }
    if (!Files.isDirectory(root.resolve(target))
        || !target.getParent().toString().equals("subsystems")) {
      throw new IOException(link + ": target " + target + " is not a subsystem");
    }
    if (raw.read(link.getParent().getParent().resolve("addr_trtype")).isEmpty()) {
      throw new IOException(link + ": invalid argument (port has no transport)");
    }
    raw.symlink(link, target);
    log.add("symlink " + link);
  }

  @Override
  public void unlink(Path link) throws IOException {
    maybeFail("unlink " + link);
    if (!Files.isSymbolicLink(root.resolve(link))
        || !link.getParent().getFileName().toString().matches("subsystems|allowed_hosts")) {
      throw new IOException(link + ": not a link");
    }
    raw.unlink(link);
    log.add("unlink " + link);
  }

  private void requireEmpty(Path dir, Path item) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IOException(item + ": directory not empty (" + root.relativize(dir) + ")");
      }
    }
  }

  private static void attrs(Path dir, String... nameValues) throws IOException {
    for (int i = 0; i < nameValues.length; i += 2) {
      Files.writeString(dir.resolve(nameValues[i]), nameValues[i + 1] + "\n");
    }
  }

  private static void groups(Path dir, String... names) throws IOException {
    for (String name : names) {
      Files.createDirectory(dir.resolve(name));
    }
  }
}
