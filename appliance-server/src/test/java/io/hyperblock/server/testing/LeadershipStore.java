package io.hyperblock.server.testing;

import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.Outcome;
import java.util.List;
import java.util.Optional;

/** An in-memory store whose leadership (and known leader) a test switches. */
public final class LeadershipStore implements MetadataStore {
  private final InMemoryMetadataStore store;
  private volatile boolean leader = true;
  private volatile String leaderId = "n1";

  public LeadershipStore(InMemoryMetadataStore store) {
    this.store = store;
  }

  /** This member leads (true) or follows n2 (false). */
  public void lead(boolean leads) {
    this.leader = leads;
    this.leaderId = leads ? "n1" : "n2";
  }

  /** No leader known (an election runs). */
  public void noLeader() {
    this.leader = false;
    this.leaderId = null;
  }

  @Override
  public MetadataState state() {
    return store.state();
  }

  @Override
  public Outcome submit(MetadataCommand command) {
    return store.submit(command);
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public Optional<String> leaderId() {
    return Optional.ofNullable(leaderId);
  }

  @Override
  public String memberId() {
    return "n1";
  }

  @Override
  public List<String> memberIds() {
    return List.of("n1", "n2");
  }

  @Override
  public void close() {}
}
