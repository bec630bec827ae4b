package io.hyperblock.server.api;

/** A request field is invalid. REST: 400, naming {@link #field()}. */
public class ValidationException extends HyperblockException {
  private final String field;

  public ValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, e.g. {@code size} or {@code name}. */
  public String field() {
    return field;
  }
}
