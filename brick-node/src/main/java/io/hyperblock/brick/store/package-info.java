/**
 * The local shard store of a brick. {@link io.hyperblock.brick.store.ShardStore} is the contract;
 * {@link io.hyperblock.brick.store.ExtentShardStore} keeps one sparse extent file per shard
 * (positional I/O, fdatasync on flush), a CRC32C per 4 KiB block checked on every read, and a
 * Chronicle Queue change journal (one small record per mutation) used for crash recovery now and
 * delta resync later ({@link io.hyperblock.brick.store.ShardStore#changesSince}).
 *
 * <p>Owns: the on-disk layout under the brick's data directory, fencing epochs per volume, space
 * accounting. Does not own: networking, identity, metrics (other packages of the brick).
 *
 * <p>Crash consistency in one paragraph: every mutation is journaled, with the old and new
 * checksums of the blocks it touches, before its extent is written; a flush syncs everything and
 * appends a CHECKPOINT. At open, blocks touched after the last checkpoint get the checksum of their
 * current bytes if those bytes are a version that existed (old or new), and stay CORRUPT otherwise.
 * The full argument, and what a power loss (rather than kill -9) can do, is in
 * docs/adr/0002-brick-store-crash-consistency.md.
 *
 * <p>JVM flags: Chronicle needs the {@code brick.jvmArgs} list of brick-node/pom.xml (see the
 * module README); the store sets {@code chronicle.analytics.disable=true} itself before any
 * Chronicle class loads.
 */
package io.hyperblock.brick.store;
