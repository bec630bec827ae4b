package io.hyperblock.client.metadata;

/**
 * The result of attaching a volume: this client is its only writer from now on, with fencing epoch
 * {@code epoch}, until it detaches or a newer attach fences it.
 */
public record Attachment(VolumeInfo volume, long epoch, Placement placement) {}
