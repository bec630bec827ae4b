/**
 * The management server process: {@link io.hyperblock.server.ServerMain} (command line), {@link
 * io.hyperblock.server.ServerConfig} (every setting, typed, with its default) and {@link
 * io.hyperblock.server.ManagementServer}, which wires the metadata group, the health monitor, the
 * gRPC MetadataService and the REST API together and takes them down in order.
 */
package io.hyperblock.server;
