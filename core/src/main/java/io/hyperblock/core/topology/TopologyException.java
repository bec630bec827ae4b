package io.hyperblock.core.topology;

/**
 * A topology snapshot that cannot exist, or an edit that refers to a brick the snapshot does not
 * hold. The message names the offending brick and field, and says what a valid value looks like.
 *
 * <p>Callers building a topology from operator input should reject the request with this message;
 * nothing was changed (snapshots are immutable).
 */
public class TopologyException extends IllegalArgumentException {
  public TopologyException(String message) {
    super(message);
  }
}
