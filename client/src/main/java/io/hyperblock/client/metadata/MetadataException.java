package io.hyperblock.client.metadata;

/**
 * The management server refused or failed a request. The message carries the server's reason
 * (unknown volume, volume attached elsewhere, no leader); retry only when {@link #retryable()}.
 */
public class MetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public MetadataException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when the server was unreachable or had no leader: the same request may succeed later. */
  public boolean retryable() {
    return retryable;
  }
}
