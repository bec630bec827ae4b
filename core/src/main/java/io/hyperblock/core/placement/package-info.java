/**
 * TopoHash: deterministic weighted-rendezvous (straw2) placement of stripes onto bricks across
 * failure domains, and the versioned placement maps it produces.
 *
 * <ul>
 *   <li>{@link io.hyperblock.core.placement.TopoHash}: {@code pgId} and {@code place}; the byte
 *       encodings and the algorithm are documented there and pinned by golden files under {@code
 *       core/src/test/resources/placement/}.
 *   <li>{@link io.hyperblock.core.placement.PlacementRule} / {@link
 *       io.hyperblock.core.placement.PlacementStep}: how slots spread over failure domains.
 *   <li>{@link io.hyperblock.core.placement.VolumePlacer}: a volume's stripes as {@link
 *       io.hyperblock.core.placement.ChunkGroup}s of {@link
 *       io.hyperblock.core.placement.ChunkLocation}s, the content of a {@link
 *       io.hyperblock.core.placement.PlacementMap}.
 * </ul>
 *
 * Pure: no I/O, clocks or threads; results depend only on the arguments.
 */
package io.hyperblock.core.placement;
