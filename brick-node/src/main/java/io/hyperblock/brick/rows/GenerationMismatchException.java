package io.hyperblock.brick.rows;

import io.hyperblock.brick.store.StoreException;

/**
 * A conditional unit write expected another generation than the unit has: the row changed since the
 * writer read it. Nothing was changed; the writer must re-read the row.
 */
public final class GenerationMismatchException extends StoreException {
  private static final long serialVersionUID = 1L;

  public GenerationMismatchException(UnitKey key, long expected, long actual) {
    super(
        "unit "
            + key.shard()
            + " row "
            + key.row()
            + " is at generation "
            + actual
            + ", the write expected "
            + expected
            + "; re-read the row and retry");
  }
}
