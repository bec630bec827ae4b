package io.hyperblock.bridge.device;

/**
 * An export exists but cannot be opened now: its volume is attached and fenced elsewhere, is being
 * detached, or the cluster cannot be reached. The message is shown to the client; the caller may
 * retry later. NBD maps it to {@code NBD_REP_ERR_POLICY}.
 */
public final class ExportUnavailableException extends RuntimeException {

  private final String exportName;

  public ExportUnavailableException(String exportName, String message, Throwable cause) {
    super(message, cause);
    this.exportName = exportName;
  }

  public String exportName() {
    return exportName;
  }
}
