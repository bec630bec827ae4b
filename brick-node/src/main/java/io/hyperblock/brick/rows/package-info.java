/**
 * Row-versioned unit I/O for erasure-coded volumes (RowService, docs/adr/0003-ec-write-hole.md),
 * built on top of the {@link io.hyperblock.brick.store.ShardStore}: per-unit generations, parity
 * data-generation vectors, stale masks and rollback records, kept in memory and made crash-safe by
 * an append-only row journal ({@link io.hyperblock.brick.rows.RowJournal}) that is replayed and
 * compacted at open. Owns only row metadata; bytes live in the shard store.
 */
package io.hyperblock.brick.rows;
