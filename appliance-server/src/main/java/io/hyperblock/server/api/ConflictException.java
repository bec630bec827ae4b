package io.hyperblock.server.api;

/**
 * The request is valid but clashes with the current state (duplicate name, volume attached, ...).
 * REST: 409. Retrying unchanged will fail again until the state changes.
 */
public class ConflictException extends HyperblockException {
  public ConflictException(String message) {
    super(message);
  }
}
