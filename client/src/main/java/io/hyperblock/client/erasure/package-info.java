/**
 * Erasure-coded chunk I/O without a write hole (docs/adr/0003-ec-write-hole.md): full-row encodes,
 * read-modify-write of partial rows with parity deltas, per-unit generations and parity generation
 * vectors ({@link io.hyperblock.client.erasure.RowVersions} decides which units of a row may be
 * decoded together), degraded writes that record stale units on the bricks, reconstructing reads,
 * and recovery that rolls interrupted rows back or forward and repairs stale units.
 */
package io.hyperblock.client.erasure;
