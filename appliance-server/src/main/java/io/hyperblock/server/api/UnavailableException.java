package io.hyperblock.server.api;

import java.util.Optional;

/**
 * The metadata group cannot commit right now (no leader, no quorum, or this member is not the
 * leader). REST: 503. Retry later, or at {@link #leaderHint()} when present.
 */
public class UnavailableException extends HyperblockException {
  private final String leaderHint;

  public UnavailableException(String message, String leaderHint) {
    super(message);
    this.leaderHint = leaderHint;
  }

  /** Address of the member believed to be leader, if known. */
  public Optional<String> leaderHint() {
    return Optional.ofNullable(leaderHint);
  }
}
