package io.hyperblock.server.metadata;

import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;

/**
 * The result of applying one command: identical on every member, because it is computed from the
 * command and the state alone. A rejected command left the state unchanged.
 *
 * @param code OK or why the command was rejected
 * @param field the request field at fault for {@link Code#INVALID}, else empty
 * @param message operator-readable explanation, empty when OK
 * @param value a command-specific number: the granted epoch for an attach, else 0
 */
public record Outcome(Code code, String field, String message, long value) {

  /** Why a command was (not) applied. */
  public enum Code {
    OK,
    /** The named volume or brick does not exist. */
    NOT_FOUND,
    /** The command clashes with the current state (duplicate name, attached, stale epoch). */
    CONFLICT,
    /** A field is invalid (it passed the proposer's checks but not the state's). */
    INVALID
  }

  public static Outcome ok() {
    return new Outcome(Code.OK, "", "", 0);
  }

  public static Outcome ok(long value) {
    return new Outcome(Code.OK, "", "", value);
  }

  public static Outcome notFound(String message) {
    return new Outcome(Code.NOT_FOUND, "", message, 0);
  }

  public static Outcome conflict(String message) {
    return new Outcome(Code.CONFLICT, "", message, 0);
  }

  public static Outcome invalid(String field, String message) {
    return new Outcome(Code.INVALID, field, message, 0);
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  /**
   * This outcome as the application services report it.
   *
   * @param kind "volume" or "brick", for a NOT_FOUND outcome
   * @param name the name or id the caller asked for
   * @return this outcome, when OK
   * @throws NotFoundException for NOT_FOUND
   * @throws ConflictException for CONFLICT
   * @throws ValidationException for INVALID, naming {@link #field()}
   */
  public Outcome orThrow(String kind, String name) {
    return switch (code) {
      case OK -> this;
      case NOT_FOUND -> throw new NotFoundException(kind, name);
      case CONFLICT -> throw new ConflictException(message);
      case INVALID -> throw new ValidationException(field, message);
    };
  }
}
