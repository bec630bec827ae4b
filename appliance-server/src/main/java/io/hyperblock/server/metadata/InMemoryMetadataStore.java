package io.hyperblock.server.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A single-member, non-durable store that applies commands directly: for unit tests and for
 * exercising services without Ratis. Everything is lost when the object is dropped.
 */
public final class InMemoryMetadataStore implements MetadataStore {

  private static final String MEMBER = "memory";

  private volatile MetadataState state;

  public InMemoryMetadataStore() {
    this(MetadataState.empty());
  }

  public InMemoryMetadataStore(MetadataState initial) {
    this.state = initial;
  }

  @Override
  public MetadataState state() {
    return state;
  }

  @Override
  public synchronized Outcome submit(MetadataCommand command) {
    CommandApplier.Applied applied = CommandApplier.apply(state, command);
    state = applied.state();
    return applied.outcome();
  }

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public Optional<String> leaderId() {
    return Optional.of(MEMBER);
  }

  @Override
  public String memberId() {
    return MEMBER;
  }

  @Override
  public List<String> memberIds() {
    return List.of(MEMBER);
  }

  @Override
  public void close() {}
}
