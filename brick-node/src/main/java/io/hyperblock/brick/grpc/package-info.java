/**
 * The gRPC face of a brick: {@link io.hyperblock.brick.grpc.BrickGrpcService} implements {@code
 * hyperblock.v1.BrickService} by validating each request at the boundary ({@link
 * io.hyperblock.brick.grpc.Requests}), delegating to the shard store, and mapping store exceptions
 * to the gRPC statuses documented in {@code brick.proto} ({@link
 * io.hyperblock.brick.grpc.StatusMapping}). It holds no state of its own.
 */
package io.hyperblock.brick.grpc;
