/**
 * TopoHash: deterministic weighted-rendezvous (straw2) placement of stripes onto bricks across
 * failure domains, and the versioned placement maps it produces.
 */
package io.hyperblock.core.placement;
