/**
 * The management server's gRPC face: {@link io.hyperblock.server.grpc.MetadataGrpcService}
 * implements {@code hyperblock.v1.MetadataService} for bricks and volume clients, mapping the
 * protocol's messages and status codes (documented in metadata.proto) onto the metadata store.
 */
package io.hyperblock.server.grpc;
