/**
 * NVMe/TCP exports through the Linux kernel target (nvmet), configured through configfs.
 *
 * <p>{@link io.hyperblock.bridge.nvmf.NvmetReconciler} makes the nvmet configfs tree (by default
 * {@code /sys/kernel/config/nvmet}) match a list of desired {@link
 * io.hyperblock.bridge.nvmf.NvmeExport}s: subsystems, their namespaces (one per volume, backed by a
 * local block device) and the TCP ports they are reachable on. It reads what is there, computes a
 * plan with the pure {@link io.hyperblock.bridge.nvmf.NvmetPlanner}, and applies it in the order
 * the kernel demands: port links removed before a subsystem, namespaces disabled before they are
 * removed or re-pointed, port addresses changed only while no subsystem is linked.
 *
 * <p>All file-system access goes through {@link io.hyperblock.bridge.nvmf.Configfs}, so tests run
 * against a temporary directory that imitates the kernel (this machine has no configfs).
 */
package io.hyperblock.bridge.nvmf;
