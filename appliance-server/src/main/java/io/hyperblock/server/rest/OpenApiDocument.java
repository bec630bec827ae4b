package io.hyperblock.server.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hand-written OpenAPI 3.1 description of the API ({@code openapi.json} next to this class).
 * Hand-written because the JSON shapes are built field by field, not from annotated classes; {@code
 * RestApiContract} checks that it lists every route.
 */
final class OpenApiDocument {

  private static final byte[] BYTES = load();

  private OpenApiDocument() {}

  static byte[] bytes() {
    return BYTES;
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the server's classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.json", e);
    }
  }
}
