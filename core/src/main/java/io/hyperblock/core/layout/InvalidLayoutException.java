package io.hyperblock.core.layout;

/**
 * A layout calculation was asked for something that cannot exist: a chunk size that is not a power
 * of two, a byte range outside a chunk, a shard offset in padding. The message names the argument,
 * its value and the limit it broke.
 *
 * <p>These are caller bugs or invalid volume configuration, never transient conditions: retrying
 * with the same arguments fails the same way. The I/O path should have validated a request against
 * the volume size before it gets here; configuration code should report the message to the operator
 * verbatim.
 */
public class InvalidLayoutException extends IllegalArgumentException {
  public InvalidLayoutException(String message) {
    super(message);
  }
}
