/**
 * Hyperblock volumes as bridge exports: export name = volume name.
 *
 * <p>{@link io.hyperblock.bridge.volume.VolumeExportResolver} is the {@link
 * io.hyperblock.bridge.device.ExportResolver} the bridge serves. {@code describe} looks a volume up
 * in the management server's metadata ({@link io.hyperblock.bridge.volume.VolumeDirectory}) without
 * attaching it; {@code open} attaches it ({@link io.hyperblock.bridge.volume.VolumeAttacher}, which
 * takes a new fencing epoch) the first time a connection asks for it, shares that one attachment
 * between every connection of the bridge to the same export, and detaches when the last of them
 * closes. Each connection gets its own {@link io.hyperblock.bridge.volume.VolumeBlockDevice}
 * handle, which maps the volume client's failures to {@link
 * io.hyperblock.bridge.device.BlockDeviceException}s. {@link
 * io.hyperblock.bridge.volume.ClusterVolumes} binds the two interfaces to the management server's
 * gRPC MetadataService and the volume client.
 */
package io.hyperblock.bridge.volume;
