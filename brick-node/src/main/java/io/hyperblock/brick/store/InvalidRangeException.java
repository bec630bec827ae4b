package io.hyperblock.brick.store;

/**
 * A caller bug: a negative offset or length, a range that overflows, a buffer too small, or an I/O
 * larger than the configured maximum. Retrying the same request fails the same way; the caller
 * should split or fix the request.
 */
public class InvalidRangeException extends StoreException {
  private static final long serialVersionUID = 1L;

  public InvalidRangeException(String message) {
    super(message);
  }
}
