/**
 * The block device a bridge exports, and how exports are found by name.
 *
 * <p>{@link io.hyperblock.bridge.device.BlockDevice} is the contract every exporter (NBD today,
 * NVMe/TCP through a local device later) serves: a fixed-size byte range with asynchronous read,
 * write, flush, trim and write-zeroes. {@link io.hyperblock.bridge.device.ExportResolver} maps an
 * export name (the volume name) to an opened device. Failures are {@link
 * io.hyperblock.bridge.device.BlockDeviceException} subclasses, which each protocol maps to its own
 * error codes. {@link io.hyperblock.bridge.device.FileBlockDevice} and {@link
 * io.hyperblock.bridge.device.MemoryBlockDevice} are the reference implementations used by tests;
 * the volume client is adapted to {@code BlockDevice} separately.
 */
package io.hyperblock.bridge.device;
