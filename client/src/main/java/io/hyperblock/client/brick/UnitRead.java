package io.hyperblock.client.brick;

import java.nio.ByteBuffer;

/**
 * The answer to a unit read.
 *
 * @param data the requested bytes, position 0, remaining = the requested length; owned by the
 *     caller from now on (read-only: copy before modifying)
 * @param meta the unit's row metadata at the time of the read
 */
public record UnitRead(ByteBuffer data, RowMeta meta) {}
