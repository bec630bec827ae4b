/**
 * Brick liveness: heartbeats kept in this member's memory ({@link
 * io.hyperblock.server.health.HeartbeatTracker}, never through the Raft log) and the {@link
 * io.hyperblock.server.health.HealthMonitor} that, on the leader only, marks a silent brick DOWN
 * and a heartbeating DOWN brick UP again. Only those transitions are committed and recorded.
 */
package io.hyperblock.server.health;
