package io.hyperblock.server.auth;

import java.util.Optional;

/**
 * Decides who a bearer token belongs to.
 *
 * <p>Implementations compare secrets in constant time ({@link java.security.MessageDigest#isEqual})
 * so response timing does not reveal how much of a guess was right, never log the token they were
 * given, and are safe to call from many request threads at once.
 */
public interface TokenAuthenticator {

  /**
   * @param bearerToken the token exactly as the client sent it after {@code "Bearer "}; never null,
   *     may be empty or garbage
   * @return the caller the token identifies, or empty when the token is unknown; never throws for a
   *     bad token (the REST layer answers 401)
   */
  Optional<Caller> authenticate(String bearerToken);
}
