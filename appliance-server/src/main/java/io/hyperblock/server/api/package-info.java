/**
 * The management server's application services: what the REST API, the web console and the CLI
 * (through REST) may call. Implementations live elsewhere in the server and are never reached
 * directly by callers (CONVENTIONS.md, "an API you compile against").
 *
 * <p>Every method may throw a subclass of {@link io.hyperblock.server.api.HyperblockException};
 * each subclass says what the caller can do about it.
 */
package io.hyperblock.server.api;
