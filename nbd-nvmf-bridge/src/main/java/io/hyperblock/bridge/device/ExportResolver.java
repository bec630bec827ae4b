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

  /** Names of the exports a client may open, in a stable order; empty if there are none. */
  List<String> list();
}
