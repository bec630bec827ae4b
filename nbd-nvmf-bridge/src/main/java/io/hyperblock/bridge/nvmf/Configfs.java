package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The operations the reconciler performs on the nvmet configfs tree. Paths are relative to the
 * nvmet root ({@code subsystems/<nqn>/attr_allow_any_host}). configfs differs from a normal file
 * system: {@code mkdir} creates the item's attribute files and default sub-groups itself, {@code
 * rmdir} removes an item together with its attributes, and the kernel refuses operations in the
 * wrong order (EBUSY); implementations report every refusal as an {@link IOException}.
 */
public interface Configfs {

  /** Whether the path exists (a symlink counts, even to a missing target). */
  boolean exists(Path path);

  /** Names of the entries in a directory, sorted; empty if it does not exist. */
  List<String> list(Path dir) throws IOException;

  /** An attribute's value with trailing whitespace removed. */
  String read(Path attribute) throws IOException;

  /** Writes an attribute (the kernel parses the value; a rejected value is an IOException). */
  void write(Path attribute, String value) throws IOException;

  /** Creates a configfs item; its attributes and default groups appear with it. */
  void mkdir(Path dir) throws IOException;

  /** Removes a configfs item and its attributes; fails if it still has children or links. */
  void rmdir(Path dir) throws IOException;

  /** Creates {@code link} pointing at {@code target} (both relative to the root). */
  void symlink(Path link, Path target) throws IOException;

  /** Removes a symlink. */
  void unlink(Path link) throws IOException;
}
