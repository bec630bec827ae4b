package io.hyperblock.server.rest;

/**
 * The kinds of error the API reports, each with a stable {@code type} URI (RFC 9457 section 3.1.1)
 * that clients may switch on. The URIs identify the problem; they are not fetched. Documented in
 * {@code docs/api.md}; never rename one.
 */
public enum ProblemType {
  VALIDATION("validation", "Invalid request field", 400),
  MALFORMED_JSON("malformed-json", "Malformed JSON body", 400),
  UNAUTHORIZED("unauthorized", "Missing or invalid bearer token", 401),
  FORBIDDEN("forbidden", "Operation not permitted for this token", 403),
  NOT_FOUND("not-found", "Not found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  CONFLICT("conflict", "Conflict with the current state", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  INTERNAL("internal", "Internal server error", 500),
  UNAVAILABLE("unavailable", "Metadata service unavailable", 503);

  /** Prefix of every problem type URI. */
  public static final String BASE = "https://hyperblock.io/problems/";

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  /** E.g. {@code https://hyperblock.io/problems/validation}. */
  public String uri() {
    return BASE + slug;
  }

  /** The last segment of the type URI, e.g. {@code validation}; the audit log's result. */
  public String slug() {
    return slug;
  }

  /** Short, fixed, human summary (RFC 9457 section 3.1.3: does not change per occurrence). */
  public String title() {
    return title;
  }

  /** The HTTP status this problem is sent with. */
  public int status() {
    return status;
  }
}
