/**
 * What the volume client needs from the management server: attach (the fencing epoch), the
 * placement map with brick addresses, detach and replica-failure reports. {@link
 * io.hyperblock.client.metadata.MetadataClient} is the contract; {@code client.grpc} implements it
 * against {@code hyperblock.v1.MetadataService}.
 */
package io.hyperblock.client.metadata;
