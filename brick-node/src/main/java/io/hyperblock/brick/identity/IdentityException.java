package io.hyperblock.brick.identity;

/**
 * The data directory's identity cannot be used: it is unreadable, of an unknown format, or belongs
 * to another cluster. The brick must not start on it; the message tells the operator what to do.
 */
public class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }

  public IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
