/**
 * Volume lifecycle: request validation with operator-actionable messages ({@link
 * io.hyperblock.server.volume.VolumeValidator}), placement of every stripe with TopoHash, and the
 * {@link io.hyperblock.server.api.VolumeService} implementation that commits volumes through the
 * metadata group and asks bricks to free a deleted volume's space.
 */
package io.hyperblock.server.volume;
