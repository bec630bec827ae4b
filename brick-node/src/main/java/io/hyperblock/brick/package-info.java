/**
 * The brick server process: {@link io.hyperblock.brick.BrickMain} parses the command line into a
 * {@link io.hyperblock.brick.BrickConfig}, and {@link io.hyperblock.brick.BrickServer} wires the
 * shard store, identity, gRPC service, health service, metrics endpoint and registration together
 * and owns their lifecycle. No storage logic lives here.
 */
package io.hyperblock.brick;
