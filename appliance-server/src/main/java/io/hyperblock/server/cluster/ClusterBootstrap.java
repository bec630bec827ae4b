package io.hyperblock.server.cluster;

import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.metadata.MemberEndpoint;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the metadata to a usable state, idempotently; called periodically until {@link #done()}:
 * the leader of a fresh group commits a random cluster id (InitCluster: the first commit wins, so
 * racing leaders agree), and every member publishes its endpoints when they changed.
 */
public final class ClusterBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

  private final MetadataStore store;
  private final MemberEndpoint self;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public ClusterBootstrap(
      MetadataStore store, MemberEndpoint self, Clock clock, Supplier<UUID> ids) {
    this.store = store;
    this.self = self;
    this.clock = clock;
    this.ids = ids;
  }

  /** Whether the cluster has its id and this member's endpoints are published. */
  public boolean done() {
    MetadataState s = store.state();
    return s.clusterId().isPresent() && self.equals(s.members().get(self.memberId()));
  }

  /** One attempt; safe to call from a scheduler at any time on any member. */
  public void tick() {
    try {
      MetadataState s = store.state();
      if (s.clusterId().isEmpty() && store.isLeader()) {
        UUID id = ids.get();
        store.submit(new MetadataCommand.InitCluster(id, clock.instant()));
        LOG.info("cluster id is {}", store.state().clusterId().orElse(null));
      }
      if (store.leaderId().isPresent() && !self.equals(s.members().get(self.memberId()))) {
        store.submit(new MetadataCommand.AnnounceMember(self));
      }
    } catch (UnavailableException e) {
      LOG.debug("bootstrap waits for the metadata group: {}", e.getMessage());
    }
  }
}
