/**
 * In-memory implementations of the application services, faithful to the interface Javadoc in
 * {@link io.hyperblock.server.api}, for testing the REST API and the CLI without a Raft group.
 * Shipped in the appliance-server test-jar.
 */
package io.hyperblock.server.rest.fake;
