/**
 * {@code hyperblock-cli}: the operator's command line over the REST API ({@code /api/v1}).
 *
 * <p>Depends on nothing of the server's code: it speaks HTTP and JSON only, so it can manage any
 * server version that serves API v1. Settings (server URL, token) come from flags, environment or a
 * properties file ({@link io.hyperblock.cli.CliSettings}); every outcome maps to a documented exit
 * code ({@link io.hyperblock.cli.ExitCodes}).
 */
package io.hyperblock.cli;
