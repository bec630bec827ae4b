/**
 * gRPC transports of the client: {@link io.hyperblock.client.grpc.GrpcBrickChannel} (BrickService
 * and RowService, async stubs, zero-copy payloads), {@link
 * io.hyperblock.client.grpc.GrpcBrickConnector} (one channel per brick address) and {@link
 * io.hyperblock.client.grpc.GrpcMetadataClient} (MetadataService), with the status-to-exception
 * mapping the protos document.
 */
package io.hyperblock.client.grpc;
