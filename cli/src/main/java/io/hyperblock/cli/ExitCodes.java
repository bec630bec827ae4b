package io.hyperblock.cli;

/**
 * The CLI's exit codes, stable for scripts. Listed by {@code --help} (HyperblockCli's exitCodeList)
 * and in docs/api.md; never renumber one.
 */
public final class ExitCodes {

  public static final int OK = 0;

  /** The server failed (5xx, including 503 while the metadata group has no leader). Retry. */
  public static final int SERVER_ERROR = 1;

  /** Bad flags or settings (unknown option, missing argument, unreadable config file). */
  public static final int USAGE = 2;

  /** The volume, brick or route does not exist (404). */
  public static final int NOT_FOUND = 3;

  /** The request clashes with the current state (409: duplicate name, attached volume). */
  public static final int CONFLICT = 4;

  /** The server rejected a value (400: size, name, policy, malformed request). */
  public static final int VALIDATION = 5;

  /** Missing, wrong or insufficient token (401/403). */
  public static final int UNAUTHORIZED = 6;

  /** No answer from the server (connection refused, unknown host, timeout). */
  public static final int CANNOT_CONNECT = 7;

  private ExitCodes() {}

  /** The exit code for an HTTP error status. */
  static int forStatus(int status) {
    return switch (status) {
      case 400, 405, 413, 415, 422 -> VALIDATION;
      case 401, 403 -> UNAUTHORIZED;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      default -> SERVER_ERROR;
    };
  }
}
