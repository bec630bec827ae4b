package io.hyperblock.server.api;

/** Root of every error an application service reports. The message is fit for an operator. */
public class HyperblockException extends RuntimeException {
  public HyperblockException(String message) {
    super(message);
  }

  public HyperblockException(String message, Throwable cause) {
    super(message, cause);
  }
}
