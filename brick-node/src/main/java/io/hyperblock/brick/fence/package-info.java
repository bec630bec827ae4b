/**
 * Fenced placement changes on the brick side (ADR 0009): the {@link
 * io.hyperblock.brick.fence.PlacementGate} every client mutation passes (per-volume placement
 * floor, durable and only ever raised; per-stripe freezes by token with a lease), the {@link
 * io.hyperblock.brick.fence.PlacementChangedException} it throws, and the one place that turns it
 * into the gRPC refusal clients recognise ({@link io.hyperblock.brick.fence.PlacementStatus}).
 * Repair writes are local store calls and never pass the gate.
 */
package io.hyperblock.brick.fence;
