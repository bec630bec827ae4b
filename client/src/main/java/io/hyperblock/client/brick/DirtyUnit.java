package io.hyperblock.client.brick;

/**
 * A unit that recovery must look at: it has open rollback records or a non-zero stale mask.
 *
 * @param unit the unit
 * @param meta its row metadata
 * @param participants union of the participants of its open rollback records
 */
public record DirtyUnit(UnitRef unit, RowMeta meta, long participants) {}
