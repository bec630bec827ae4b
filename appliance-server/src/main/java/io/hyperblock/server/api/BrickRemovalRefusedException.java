package io.hyperblock.server.api;

import java.util.List;

/**
 * Removing a brick that still holds units was refused because it was not forced. REST: 409 with the
 * impact in the detail. Drain the brick first, or remove it with force and accept the impact.
 */
public class BrickRemovalRefusedException extends ConflictException {
  private final List<String> impact;

  /**
   * @param impact one sentence per affected volume, as {@link
   *     io.hyperblock.core.impact.RemovalImpact#messages()}
   */
  public BrickRemovalRefusedException(String message, List<String> impact) {
    super(message);
    this.impact = List.copyOf(impact);
  }

  /** One sentence per affected volume. */
  public List<String> impact() {
    return impact;
  }
}
