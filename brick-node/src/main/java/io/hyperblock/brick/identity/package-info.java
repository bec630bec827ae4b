/**
 * A brick's durable identity: the {@code identity.properties} file in its data directory that holds
 * the brick UUID and the id of the cluster the directory belongs to.
 *
 * <p>Owns formatting a fresh directory (atomically: temp file, fsync, rename, fsync directory),
 * reading it back on later starts, and refusing a directory that belongs to another cluster. It
 * does not talk to the management server; {@link io.hyperblock.brick.registration} does.
 */
package io.hyperblock.brick.identity;
