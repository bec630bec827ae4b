/**
 * Stripe layout: how a volume's logical byte space maps onto chunks, and how an erasure-coded
 * chunk's bytes map onto the stripe units of its data shards.
 *
 * <p>Two pure calculators live here, both used on the I/O path of every request:
 *
 * <ul>
 *   <li>{@link io.hyperblock.core.layout.IoSplitter} cuts a volume byte range {@code [offset,
 *       offset + length)} into ordered per-chunk operations ({@link
 *       io.hyperblock.core.layout.ChunkOp}). Chunk {@code i} is stripe {@code i}: one ChunkGroup in
 *       the placement map. A replicated volume needs nothing more, since every replica holds its
 *       chunk whole.
 *   <li>{@link io.hyperblock.core.layout.StripeGeometry} maps a chunk of an erasure-coded (k+m)
 *       volume onto its k data shards in stripe units, row by row, and classifies each row a write
 *       touches as a full-row write (encode parity from the new data) or a partial-row write
 *       (read-modify-write of the touched units and the parity).
 * </ul>
 *
 * <p>All ranges are half-open, all offsets are in bytes, and nothing here performs I/O, allocates
 * buffers or keeps state beyond immutable geometry. Invalid arguments raise {@link
 * io.hyperblock.core.layout.InvalidLayoutException} with a message naming the broken limit.
 */
package io.hyperblock.core.layout;
