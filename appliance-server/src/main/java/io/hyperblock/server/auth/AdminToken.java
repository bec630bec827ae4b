package io.hyperblock.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's bearer token, kept in {@code <data dir>/admin.token}.
 *
 * <p>The first start generates 256 random bits ({@link SecureRandom}), encodes them base64url
 * without padding (43 characters) and writes the file atomically (a temporary file in the same
 * directory, fsynced, then renamed) with permissions 0600, so a crash never leaves a half-written
 * token and no other local user can read it. Later starts read the file. Only the file's path is
 * ever logged; {@link #toString()} hides the token.
 */
public final class AdminToken implements TokenAuthenticator {

  /** File name inside the data directory. */
  public static final String FILE_NAME = "admin.token";

  /** 256 bits: beyond brute force for the life of any cluster. */
  static final int TOKEN_BYTES = 32;

  private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
  private static final Caller ADMIN = new Caller("admin", true);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path path;
  private final byte[] token;
  private final boolean created;

  private AdminToken(Path path, String token, boolean created) {
    this.path = path;
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.created = created;
  }

  /**
   * Reads the admin token from {@code dataDir/admin.token}, generating it first if the file does
   * not exist. Logs the file's path (never the token).
   *
   * @throws AuthSetupException the directory or file cannot be created or read, or the file is
   *     empty; the message names the path
   */
  public static AdminToken ensure(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      Optional<String> existing = read(file);
      if (existing.isPresent()) {
        warnIfWorldReadable(file);
        LOG.info("admin token: using {}", file);
        return new AdminToken(file, existing.get(), false);
      }
      String generated = generate(new SecureRandom());
      write(file, generated);
      LOG.info("admin token: generated a new one into {} (readable by this user only)", file);
      return new AdminToken(file, generated, true);
    } catch (IOException e) {
      throw new AuthSetupException(
          "cannot set up the admin token at "
              + file
              + ": "
              + e
              + "; the server needs read and write access to its data directory",
          e);
    }
  }

  /** Where the token is stored: tell the operator this, never the token. */
  public Path path() {
    return path;
  }

  /** Whether this start generated the token (the operator should be told where it is). */
  public boolean created() {
    return created;
  }

  /** The token itself, for a process that hands it to a trusted client (e.g. tests). */
  public String reveal() {
    return new String(token, StandardCharsets.US_ASCII);
  }

  @Override
  public Optional<Caller> authenticate(String bearerToken) {
    if (bearerToken == null) {
      return Optional.empty();
    }
    byte[] given = bearerToken.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token) ? Optional.of(ADMIN) : Optional.empty();
  }

  @Override
  public String toString() {
    return "AdminToken[path=" + path + ", token=<redacted>]";
  }

  static String generate(SecureRandom random) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Optional<String> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (text.isEmpty()) {
      throw new AuthSetupException(
          "admin token file "
              + file
              + " is empty; delete it and restart the server to generate a new token");
    }
    return Optional.of(text);
  }

  private static void write(Path file, String token) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME + ".", ".tmp", attrs);
    try {
      try (var channel =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void warnIfWorldReadable(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn(
            "admin token file {} is readable by other users ({}); run: chmod 600 {}",
            file,
            PosixFilePermissions.toString(perms),
            file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
