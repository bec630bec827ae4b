package io.hyperblock.cli;

/** Ends the command with {@link #exitCode()} after printing {@link #getMessage()} to stderr. */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
