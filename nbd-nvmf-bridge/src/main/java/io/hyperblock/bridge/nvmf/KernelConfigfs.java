package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link Configfs} on the real kernel tree: each operation is the matching system call (mkdir,
 * rmdir, symlink, unlink, write) under {@code root}, normally {@code /sys/kernel/config/nvmet}.
 */
public final class KernelConfigfs implements Configfs {

  /** Where the nvmet module mounts its tree when configfs is mounted in the usual place. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/nvmet");

  private final Path root;

  public KernelConfigfs(Path root) {
    this.root = root.toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    Path abs = root.resolve(dir);
    if (!Files.isDirectory(abs)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(abs)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public String read(Path attribute) throws IOException {
    return Files.readString(root.resolve(attribute), StandardCharsets.UTF_8).stripTrailing();
  }

  @Override
  public void write(Path attribute, String value) throws IOException {
    // configfs attributes take one write(2) of the whole value; no CREATE or TRUNCATE semantics.
    Files.writeString(root.resolve(attribute), value, StandardCharsets.UTF_8);
  }

  @Override
  public void mkdir(Path dir) throws IOException {
    Files.createDirectory(root.resolve(dir));
  }

  @Override
  public void rmdir(Path dir) throws IOException {
    Files.delete(root.resolve(dir)); // rmdir(2); configfs drops the attributes with the item
  }

  @Override
  public void symlink(Path link, Path target) throws IOException {
    Files.createSymbolicLink(root.resolve(link), root.resolve(target));
  }

  @Override
  public void unlink(Path link) throws IOException {
    Files.delete(root.resolve(link));
  }
}
