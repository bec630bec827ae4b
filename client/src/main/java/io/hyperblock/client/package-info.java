/**
 * The volume client: {@link io.hyperblock.client.VolumeClient} turns block I/O at any byte offset
 * of an attached volume into brick operations (replicated quorums, erasure-coded rows without a
 * write hole, fencing, repair). Sub-packages: {@code brick} (the brick I/O contract), {@code
 * metadata} (the management-server contract), {@code session} (routing and failure state), {@code
 * replicated}, {@code erasure}, {@code grpc} (transports), {@code fault} (injection points), {@code
 * concurrent} (per-key serialization).
 */
package io.hyperblock.client;
