package io.hyperblock.bridge.device;

import java.util.List;
import java.util.Optional;

/**
 * Finds exports by name. For Hyperblock the export name is the volume name, and opening an export
 * attaches the volume for this exporter (the attach takes the fencing epoch).
 *
 * <p>Implementations are thread-safe: every client connection calls them concurrently.
 */
public interface ExportResolver {

  /**
   * Opens the export called {@code name}, which the caller has already checked is valid UTF-8 of at
   * most 4096 bytes without NUL (the NBD string rules). The empty name asks for the default export;
   * resolvers without one return empty.
   *
   * @return the device, owned by the caller, who must {@link BlockDevice#close() close} it when the
   *     connection ends; empty if no export has that name
   * @throws ExportUnavailableException if the export exists but cannot be opened now (attached and
   *     fenced elsewhere, detaching, cluster unreachable); the message says why
   */
  Optional<BlockDevice> open(String name);

  /**
   * Describes the export called {@code name} without attaching it. NBD_OPT_INFO (and {@code nbdinfo
   * --list}, which sends it for every export) must not fence a volume away from the exporter that
   * has it attached, so resolvers whose {@link #open} attaches must override this with a metadata
   * lookup. The default opens and closes the export.
   *
   * @return the description, or empty if no export has that name
   * @throws ExportUnavailableException as for {@link #open}
   */
  default Optional<ExportInfo> describe(String name) {
    Optional<BlockDevice> opened = open(name);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (BlockDevice device = opened.get()) {
      return Optional.of(ExportInfo.of(device));
    }
  }

  /** Names of the exports a client may open, in a stable order; empty if there are none. */
  List<String> list();
}
