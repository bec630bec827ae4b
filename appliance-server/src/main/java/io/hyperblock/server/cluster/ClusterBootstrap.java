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
 * Brings this member to a usable state, idempotently; called periodically until {@link #done()}:
 * the leader of a fresh group commits a random cluster id (InitCluster: the first commit wins, so
 * racing leaders agree), and the member publishes its endpoints once per process run.
 *
 * <p>Publishing doubles as the recovery barrier: the AnnounceMember this run proposed is applied
 * here only after every entry committed before it, so once it is applied this member's state is at
 * least as new as the group's was when the member started. Until then reads must be refused.
 */
public final class ClusterBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

  private final MetadataStore store;
  private final MemberEndpoint self;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private volatile boolean announced;

  public ClusterBootstrap(
      MetadataStore store, MemberEndpoint self, Clock clock, Supplier<UUID> ids) {
    this.store = store;
    this.self = self;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Whether the cluster has its id and this run's AnnounceMember is applied here (so this member
   * has caught up with everything committed before it started).
   */
  public boolean done() {
    return announced && store.state().clusterId().isPresent();
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
      if (!announced && store.leaderId().isPresent()) {
        store.submit(new MetadataCommand.AnnounceMember(self));
        announced = self.equals(store.state().members().get(self.memberId()));
      }
    } catch (UnavailableException e) {
      LOG.debug("bootstrap waits for the metadata group: {}", e.getMessage());
    }
  }
}
