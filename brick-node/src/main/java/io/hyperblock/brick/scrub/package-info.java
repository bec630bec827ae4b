/**
 * Scrub: a periodic, rate-limited background scan that verifies the CRC32C of every 4 KiB block of
 * every shard the brick holds ({@link io.hyperblock.brick.scrub.Scrubber}), so silent corruption
 * (bit rot, a misdirected write, a bad sector) is found before a reader or a rebuild needs the
 * block. A corrupt block is handed to a {@link io.hyperblock.brick.scrub.BlockRepairer}: in
 * production {@link io.hyperblock.brick.scrub.PeerBlockRepairer}, which re-reads the block from a
 * healthy replica named by the placement map and rewrites it here, and reports a block it cannot
 * repair (erasure-coded shards, no healthy replica) to the management server as a failed unit so
 * readers avoid it and the resync machinery restores it. Counters: {@link
 * io.hyperblock.brick.scrub.ScrubStats}.
 */
package io.hyperblock.brick.scrub;
