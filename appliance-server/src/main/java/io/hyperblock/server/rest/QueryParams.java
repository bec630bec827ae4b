package io.hyperblock.server.rest;

import io.javalin.http.Context;

/** Typed query parameters; a bad value is a VALIDATION problem naming the parameter. */
final class QueryParams {

  private QueryParams() {}

  static boolean bool(Context ctx, String name, boolean absent) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiProblemException.invalidField(
              name, "query parameter '" + name + "' must be true or false, got '" + v + "'");
    };
  }

  static int nonNegativeInt(Context ctx, String name, int absent) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiProblemException.invalidField(
        name, "query parameter '" + name + "' must be a whole number >= 0, got '" + v + "'");
  }
}
