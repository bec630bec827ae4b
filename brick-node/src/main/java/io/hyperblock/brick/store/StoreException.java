package io.hyperblock.brick.store;

/**
 * Root of every error the shard store reports. Subclasses carry what the caller needs to recover; a
 * plain {@code StoreException} means an I/O failure of the brick's own disk, which the caller
 * should treat like a failed brick (report it, read or write elsewhere).
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
