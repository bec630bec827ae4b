/**
 * Brick liveness: heartbeats kept in this member's memory ({@link
 * io.hyperblock.server.health.HeartbeatTracker}, never through the Raft log) and the {@link
 * io.hyperblock.server.health.HealthMonitor} that, on the leader only, marks a silent brick DOWN
 * and a heartbeating DOWN brick UP again. Only those transitions are committed and recorded.
 *
 * <p>Brick state model: the state is one value, and liveness wins. UP and DRAINING bricks that fall
 * silent both go DOWN, so everything that handles failures (alerts, volume health, rebuild
 * planning) needs no second flag. A drain survives its brick's failure as an intent read from the
 * recorded transitions ({@link io.hyperblock.server.health.DrainIntent}: the latest transition into
 * DOWN came from DRAINING): the brick comes back DRAINING, not UP, and while it is DOWN the monitor
 * cancels the drain moves that need it and marks it DRAINED once no unit is placed on it.
 */
package io.hyperblock.server.health;
