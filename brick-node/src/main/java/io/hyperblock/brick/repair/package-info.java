/**
 * Repair on the brick side: a target brick recreating a unit it is about to hold (RepairService in
 * {@code repair.proto}). Replicas are copied from one healthy source over {@code StreamShard};
 * erasure-coded shards are reconstructed row by row from k consistent units of the stripe's other
 * shards ({@code RowService.ReadUnit}, decoded with core's {@link
 * io.hyperblock.core.erasure.ErasureCodec}) and written with the row generation the stripe's
 * version gives them, so readers treat the rebuilt unit exactly like one that never missed a write
 * (ADR 0003). Memory per rebuild is bounded: one 1 MiB piece, or one row of k+m stripe units.
 * Rebuilds are rate limited by a {@link io.hyperblock.brick.repair.TokenBucket} on an injected
 * clock.
 */
package io.hyperblock.brick.repair;
