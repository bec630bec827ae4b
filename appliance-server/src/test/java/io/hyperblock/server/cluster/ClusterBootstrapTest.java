package io.hyperblock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MemberEndpoint;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.LeadershipStore;
import io.hyperblock.server.testing.MutableClock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterBootstrapTest {

  private static final MemberEndpoint SELF =
      new MemberEndpoint("n1", "127.0.0.1:9200", "127.0.0.1:8080");
  private InMemoryMetadataStore memory;
  private LeadershipStore store;
  private ClusterBootstrap bootstrap;

  @BeforeEach
  void fresh() {
    memory = new InMemoryMetadataStore();
    store = new LeadershipStore(memory);
    bootstrap = new ClusterBootstrap(store, SELF, new MutableClock(Fixtures.T0), Fixtures.ids(1));
  }

  @Test
  void leaderOfAFreshGroupCommitsAClusterIdAndPublishesItsEndpoints() {
    bootstrap.tick();
    assertThat(memory.state().clusterId()).isPresent();
    assertThat(memory.state().members()).containsEntry("n1", SELF);
    assertThat(bootstrap.done()).isTrue();
  }

  @Test
  void followerNeverInventsAClusterIdAndIsNotReadyWithoutOne() {
    store.lead(false);
    bootstrap.tick();
    assertThat(memory.state().clusterId()).isEmpty();
    assertThat(bootstrap.done()).isFalse();
  }

  @Test
  void existingClusterIdIsKept() {
    UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
    memory.submit(new io.hyperblock.server.metadata.MetadataCommand.InitCluster(id, Fixtures.T0));
    bootstrap.tick();
    assertThat(memory.state().clusterId()).contains(id);
  }

  @Test
  void restartedMemberIsNotReadyUntilItAnnouncesAgainEvenWithUnchangedEndpoints() {
    bootstrap.tick();
    var restarted =
        new ClusterBootstrap(store, SELF, new MutableClock(Fixtures.T0), Fixtures.ids(2));
    assertThat(restarted.done()).as("state already lists SELF, from the previous run").isFalse();
    store.noLeader();
    restarted.tick();
    assertThat(restarted.done()).isFalse();
    store.lead(false);
    restarted.tick();
    assertThat(restarted.done()).isTrue();
  }
}
