package io.hyperblock.server.metadata;

import io.hyperblock.server.api.UnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A {@link MetadataStore} whose {@link #state()} is refused until this member has recovered. A
 * restarted member replays its log after it starts listening; answering reads before that would
 * report existing volumes and bricks as missing (a brick would even read an empty cluster id).
 */
public final class ReadinessGatedStore implements MetadataStore {
  private final MetadataStore delegate;
  private final BooleanSupplier ready;

  /**
   * @param ready true once the member has caught up (see ClusterBootstrap#done)
   */
  public ReadinessGatedStore(MetadataStore delegate, BooleanSupplier ready) {
    this.delegate = delegate;
    this.ready = ready;
  }

  /**
   * @throws UnavailableException while this member is still recovering; retry shortly
   */
  @Override
  public MetadataState state() {
    if (!ready.getAsBoolean()) {
      throw new UnavailableException(
          "management server "
              + delegate.memberId()
              + " is still recovering its metadata (electing or replaying the log); retry shortly",
          null);
    }
    return delegate.state();
  }

  @Override
  public Outcome submit(MetadataCommand command) {
    return delegate.submit(command);
  }

  @Override
  public boolean isLeader() {
    return delegate.isLeader();
  }

  @Override
  public Optional<String> leaderId() {
    return delegate.leaderId();
  }

  @Override
  public String memberId() {
    return delegate.memberId();
  }

  @Override
  public List<String> memberIds() {
    return delegate.memberIds();
  }

  /** The gate does not own the store. */
  @Override
  public void close() {}
}
