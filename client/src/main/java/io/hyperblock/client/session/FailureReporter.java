package io.hyperblock.client.session;

import java.util.UUID;

/** Receives each unit failure once, to tell the management server (best effort, non-blocking). */
@FunctionalInterface
public interface FailureReporter {

  /**
   * Unit (EC shard index, or replica slot) {@code unit} of {@code stripe} failed on {@code brick}.
   */
  void report(long stripe, int unit, UUID brick, String reason);

  FailureReporter NONE = (stripe, unit, brick, reason) -> {};
}
