package io.hyperblock.server.rest;

/**
 * A problem the REST layer itself detects (bad JSON, missing token, unknown route). Service errors
 * arrive as {@link io.hyperblock.server.api.HyperblockException} subclasses instead; {@link
 * ProblemResponder} renders both.
 */
final class ApiProblemException extends RuntimeException {
  private final ProblemType type;
  private final String field;

  ApiProblemException(ProblemType type, String detail) {
    this(type, null, detail);
  }

  /**
   * @param field the request field at fault (JSON property name or query parameter), or null
   * @param detail operator-facing explanation; must never contain a secret
   */
  ApiProblemException(ProblemType type, String field, String detail) {
    super(detail, null, false, false);
    this.type = type;
    this.field = field;
  }

  ProblemType type() {
    return type;
  }

  String field() {
    return field;
  }

  static ApiProblemException invalidField(String field, String detail) {
    return new ApiProblemException(ProblemType.VALIDATION, field, detail);
  }

  static ApiProblemException malformedField(String field, String detail) {
    return new ApiProblemException(ProblemType.MALFORMED_JSON, field, detail);
  }
}
