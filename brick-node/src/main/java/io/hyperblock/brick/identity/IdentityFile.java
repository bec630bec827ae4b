package io.hyperblock.brick.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The {@code identity.properties} file of a brick data directory.
 *
 * <p>Format (version 1): Java properties with {@code brick_id} and {@code cluster_id} (UUIDs),
 * {@code format_version} and {@code created} (ISO-8601 instant). Written once, atomically, when the
 * directory is formatted; never rewritten afterwards.
 */
public final class IdentityFile {
  /** File name inside the data directory. */
  public static final String FILE_NAME = "identity.properties";

  /** Holds the id an unformatted directory proposes until {@link #FILE_NAME} is written. */
  public static final String PROPOSED_FILE_NAME = "identity.proposed";

  private final Path dataDir;
  private final Path file;

  public IdentityFile(Path dataDir) {
    this.dataDir = dataDir;
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path path() {
    return file;
  }

  /**
   * Reads the identity.
   *
   * @return empty if the directory has never been formatted (no identity file)
   * @throws IdentityException if the file exists but is unreadable, incomplete or of a format this
   *     code does not know; the operator must repair or replace the directory
   */
  public Optional<BrickIdentity> load() throws IdentityException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IdentityException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IdentityException(file + " is not a valid properties file: " + e.getMessage(), e);
    }
    int format = intField(p, "format_version");
    if (format != BrickIdentity.CURRENT_FORMAT) {
      throw new IdentityException(
          file
              + " has format_version "
              + format
              + " but this brick understands only "
              + BrickIdentity.CURRENT_FORMAT
              + "; run a brick version that matches the directory");
    }
    try {
      return Optional.of(
          new BrickIdentity(
              UUID.fromString(field(p, "brick_id")),
              UUID.fromString(field(p, "cluster_id")),
              format,
              Instant.parse(field(p, "created"))));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IdentityException(file + " holds a malformed value: " + e.getMessage(), e);
    }
  }

  /**
   * Formats the directory with {@code identity} (creating the directory if needed).
   *
   * @throws IdentityException if an identity already exists (formatting twice would change the
   *     brick's id) or the file cannot be written durably
   */
  /**
   * The brick id this unformatted directory proposes at its first registration: drawn once and kept
   * durably in {@value #PROPOSED_FILE_NAME} until the identity is written, so that a retried or
   * restarted first registration (an answer lost to a deadline, a crash before {@link #create})
   * presents the same id and the server never records two bricks for one directory.
   *
   * @throws IdentityException if the file cannot be read or written durably
   */
  public UUID proposedBrickId() throws IdentityException {
    Path proposed = dataDir.resolve(PROPOSED_FILE_NAME);
    try {
      if (Files.exists(proposed)) {
        return UUID.fromString(Files.readString(proposed, StandardCharsets.UTF_8).trim());
      }
      UUID id = UUID.randomUUID();
      Files.createDirectories(dataDir);
      DurableFiles.writeAtomically(proposed, id.toString().getBytes(StandardCharsets.UTF_8));
      return id;
    } catch (IOException | IllegalArgumentException e) {
      throw new IdentityException("cannot use " + proposed + ": " + e.getMessage(), e);
    }
  }

  public void create(BrickIdentity identity) throws IdentityException {
    if (Files.exists(file)) {
      throw new IdentityException(
          file + " already exists; refusing to overwrite the identity of a formatted directory");
    }
    Properties p = new Properties();
    p.setProperty("brick_id", identity.brickId().toString());
    p.setProperty("cluster_id", identity.clusterId().toString());
    p.setProperty("format_version", Integer.toString(identity.formatVersion()));
    p.setProperty("created", identity.created().toString());
    StringWriter out = new StringWriter();
    try {
      p.store(out, "Hyperblock brick identity; do not edit or copy to another brick");
      Files.createDirectories(dataDir);
      DurableFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IdentityException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private String field(Properties p, String key) throws IdentityException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IdentityException(file + " lacks " + key + "; the directory is damaged");
    }
    return v.trim();
  }

  private int intField(Properties p, String key) throws IdentityException {
    String v = field(p, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IdentityException(file + " has a non-numeric " + key + ": " + v, e);
    }
  }
}
