/**
 * Who may call the management API: bearer tokens and the callers they identify.
 *
 * <p>{@link io.hyperblock.server.auth.TokenAuthenticator} is the contract the REST layer checks
 * every request against; {@link io.hyperblock.server.auth.AdminToken} is the first one: a 256-bit
 * random token generated into the data directory on first start. Tokens are secrets: nothing in
 * this package logs, prints or puts one into an exception message; only the token file's path is
 * ever shown.
 */
package io.hyperblock.server.auth;
