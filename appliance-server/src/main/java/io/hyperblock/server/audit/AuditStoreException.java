package io.hyperblock.server.audit;

import io.hyperblock.server.api.HyperblockException;

/**
 * The audit database cannot be opened, written or read. The message names the database path and the
 * cause; check the disk (space, permissions) under {@code <dataDir>/audit/}.
 */
public final class AuditStoreException extends HyperblockException {
  public AuditStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
