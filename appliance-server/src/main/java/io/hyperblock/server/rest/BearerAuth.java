package io.hyperblock.server.rest;

import io.hyperblock.server.auth.Caller;
import io.hyperblock.server.auth.TokenAuthenticator;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Checks {@code Authorization: Bearer <token>} (RFC 6750 section 2.1) on every API request except
 * the public ones (health, OpenAPI document) and remembers the {@link Caller} on the context. The
 * token is never logged nor echoed in a response.
 */
final class BearerAuth {

  static final String CALLER_ATTRIBUTE = "hyperblock.caller";
  private static final String SCHEME = "bearer ";

  private final TokenAuthenticator authenticator;
  private final Set<String> publicPaths;

  BearerAuth(TokenAuthenticator authenticator, Set<String> publicPaths) {
    this.authenticator = authenticator;
    this.publicPaths = publicPaths;
  }

  /** A before-handler: throws UNAUTHORIZED unless the path is public or the token is known. */
  void check(Context ctx) {
    if (publicPaths.contains(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new ApiProblemException(
          ProblemType.UNAUTHORIZED,
          "no bearer token; send the header 'Authorization: Bearer <token>' (the admin token is"
              + " in the file admin.token in the server's data directory)");
    }
    if (header.length() < SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new ApiProblemException(
          ProblemType.UNAUTHORIZED,
          "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'");
    }
    String token = header.substring(SCHEME.length()).strip();
    Caller caller =
        authenticator
            .authenticate(token)
            .orElseThrow(
                () ->
                    new ApiProblemException(
                        ProblemType.UNAUTHORIZED,
                        "the bearer token is not valid; check the token (e.g. the admin.token"
                            + " file of this cluster) and that you talk to the right server"));
    ctx.attribute(CALLER_ATTRIBUTE, caller);
  }

  /** Throws FORBIDDEN unless the authenticated caller may change the cluster. */
  static void requireAdmin(Context ctx) {
    Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
    if (caller == null || !caller.admin()) {
      throw new ApiProblemException(
          ProblemType.FORBIDDEN,
          "this token is read-only; use an admin token to create, resize or delete volumes");
    }
  }
}
