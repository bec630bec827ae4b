/**
 * The bridge process: {@link io.hyperblock.bridge.BridgeMain} ({@code hyperblock bridge}) serves
 * the cluster's volumes over NBD, wiring {@code nbd.NbdServer} to {@code
 * volume.VolumeExportResolver}.
 */
package io.hyperblock.bridge;
