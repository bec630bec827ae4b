package io.hyperblock.client.fault;

/**
 * Thrown at an armed injection point: the client behaves as if its process died there. The
 * operation is abandoned without rollback, commit or acknowledgement, and the client refuses every
 * later operation, exactly as a dead process would.
 */
public final class InjectedCrashException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InjectedCrashException(String point) {
    super("client crashed at injection point " + point, null, false, false);
  }
}
