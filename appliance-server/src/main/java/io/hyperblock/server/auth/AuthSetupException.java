package io.hyperblock.server.auth;

import io.hyperblock.server.api.HyperblockException;

/**
 * The server cannot set up authentication (token file unreadable, unwritable or empty). The message
 * names the file and what to fix; it never contains a token. The server should refuse to start.
 */
public class AuthSetupException extends HyperblockException {
  public AuthSetupException(String message, Throwable cause) {
    super(message, cause);
  }

  public AuthSetupException(String message) {
    super(message);
  }
}
