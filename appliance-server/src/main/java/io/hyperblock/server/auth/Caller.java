package io.hyperblock.server.auth;

import java.util.Objects;

/**
 * The identity a bearer token stands for.
 *
 * @param name who is calling, e.g. {@code admin}; safe to log and to record in the audit log
 * @param admin whether the caller may change the cluster (create, delete, resize); read-only
 *     callers may only look
 */
public record Caller(String name, boolean admin) {

  public Caller {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("caller name must not be blank");
    }
  }
}
