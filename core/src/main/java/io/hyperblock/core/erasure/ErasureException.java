package io.hyperblock.core.erasure;

/**
 * Root of the erasure-coding errors: the stripe's data state does not allow the operation. Argument
 * misuse (wrong array sizes, buffers too short) is reported as {@link IllegalArgumentException}
 * instead, because no retry can fix it.
 */
public class ErasureException extends RuntimeException {
  public ErasureException(String message) {
    super(message);
  }
}
