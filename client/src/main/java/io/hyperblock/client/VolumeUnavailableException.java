package io.hyperblock.client;

/**
 * Too few replicas or units answered to serve the request with its guarantees (write quorum, read
 * quorum, k consistent units of a row). Nothing acknowledged is lost: retry once bricks return or
 * the management server has rebuilt the stripe (refresh the placement first).
 */
public final class VolumeUnavailableException extends VolumeIoException {
  private static final long serialVersionUID = 1L;

  public VolumeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
