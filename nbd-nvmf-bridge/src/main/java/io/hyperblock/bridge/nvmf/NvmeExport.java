package io.hyperblock.bridge.nvmf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One volume exported over NVMe-oF: namespace {@code namespaceId} of subsystem {@code nqn}, backed
 * by the local block device at {@code devicePath}, reachable on {@code port}. Several exports may
 * share a subsystem (with distinct namespace ids) and a port.
 *
 * @param volumeName the Hyperblock volume, for messages and logs
 * @param nqn NVMe Qualified Name of the subsystem: {@code nqn.yyyy-mm.reverse.domain:suffix}, at
 *     most 223 bytes (NVMe base specification, "NVMe Qualified Names")
 * @param devicePath absolute path of the local block device nvmet serves
 * @param namespaceId 1 to 0xFFFFFFFE (0 and 0xFFFFFFFF are reserved); a Java int, so at most 2^31 -
 *     1 here, which is more than any kernel allows per subsystem
 * @param port where the subsystem is reachable
 */
public record NvmeExport(
    String volumeName, String nqn, Path devicePath, int namespaceId, NvmePort port) {

  /** NQN length limit from the NVMe base specification. */
  public static final int MAX_NQN_BYTES = 223;

  public NvmeExport {
    Objects.requireNonNull(volumeName, "volumeName");
    Objects.requireNonNull(nqn, "nqn");
    Objects.requireNonNull(devicePath, "devicePath");
    Objects.requireNonNull(port, "port");
    requireValidNqn(nqn);
    if (!devicePath.isAbsolute()) {
      throw new IllegalArgumentException(
          "device path '" + devicePath + "' of volume " + volumeName + " must be absolute");
    }
    if (namespaceId < 1) {
      throw new IllegalArgumentException(
          "namespace id " + namespaceId + " of volume " + volumeName + " must be at least 1");
    }
  }

  /**
   * Checks an NQN: the {@code nqn.yyyy-mm.} date-and-domain form, or the UUID form, with no
   * character that would break a configfs path ('/' or NUL) and at most 223 UTF-8 bytes.
   */
  static void requireValidNqn(String nqn) {
    if (nqn.getBytes(StandardCharsets.UTF_8).length > MAX_NQN_BYTES) {
      throw new IllegalArgumentException("NQN '" + nqn + "' exceeds " + MAX_NQN_BYTES + " bytes");
    }
    if (!nqn.matches("nqn\\.\\d{4}-\\d{2}\\.[^/\\x00:]+:[^/\\x00]+")) {
      throw new IllegalArgumentException(
          "NQN '" + nqn + "' is not of the form nqn.yyyy-mm.reverse.domain:name");
    }
  }
}
