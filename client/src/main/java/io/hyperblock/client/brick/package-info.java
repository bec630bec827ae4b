/**
 * The client's view of one brick: {@link io.hyperblock.client.brick.BrickChannel}, the async unit
 * and shard I/O contract every transport implements (gRPC in {@code client.grpc}, in-memory doubles
 * in tests), the row metadata it carries, and the typed brick errors.
 */
package io.hyperblock.client.brick;
