/**
 * Bricks as the management server sees them: the {@link io.hyperblock.server.api.BrickService} view
 * over the replicated topology and the local heartbeat tracker, and the {@link
 * io.hyperblock.server.brick.BrickGateway} through which the server calls bricks (free a deleted
 * volume's space, push a new fencing epoch).
 */
package io.hyperblock.server.brick;
