/**
 * The REST API under {@code /api/v1}: a thin HTTP/JSON adapter over the application services in
 * {@link io.hyperblock.server.api}.
 *
 * <p>This package owns the wire format and nothing else: it parses and validates request bodies
 * (JSON syntax, field types, sizes, protection policies), checks the bearer token, calls a service,
 * renders its answer as JSON and maps every exception to an RFC 9457 problem document with a stable
 * {@code type} URI ({@link io.hyperblock.server.rest.ProblemType}). Semantic checks (name rules,
 * size limits, brick counts, duplicates) belong to the services. The reference for clients is
 * {@code docs/api.md} and the served {@code /api/v1/openapi.json}.
 */
package io.hyperblock.server.rest;
