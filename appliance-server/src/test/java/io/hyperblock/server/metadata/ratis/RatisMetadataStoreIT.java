package io.hyperblock.server.metadata.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.Outcome;
import io.hyperblock.server.testing.Fixtures;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One real Ratis member in this JVM: durable commits, snapshot + tail recovery, bad proposals. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RatisMetadataStoreIT {

  @TempDir Path dir;

  private RaftMemberConfig config() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return new RaftMemberConfig(
          "n1",
          Map.of("n1", "127.0.0.1:" + s.getLocalPort()),
          dir.resolve("raft"),
          3,
          Duration.ofSeconds(20));
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void committedCommandsSurviveARestartFromSnapshotPlusLogTail() throws Exception {
    RaftMemberConfig config = config();
    List<java.util.UUID> bricks;
    try (RatisMetadataStore store = RatisMetadataStore.start(config)) {
      await(store::isLeader, "single member leads");
      bricks = Fixtures.cluster(store, 3, 2); // 7 commands: snapshots at every 3
      assertThat(store.state().topology().bricks()).hasSize(6);
    }
    try (RatisMetadataStore store = RatisMetadataStore.start(config)) {
      await(() -> store.state().topology().bricks().size() == 6, "state recovered");
      assertThat(store.state().clusterId()).contains(Fixtures.CLUSTER);
      assertThat(store.state().bricks().keySet()).containsExactlyInAnyOrderElementsOf(bricks);
      await(store::isLeader, "leads again");
      Outcome o =
          store.submit(new MetadataCommand.InitCluster(java.util.UUID.randomUUID(), Fixtures.T0));
      assertThat(o.isOk()).isTrue();
      assertThat(store.state().clusterId()).contains(Fixtures.CLUSTER);
    }
  }

  @Test
  void proposalThatIsNotACommandIsRefusedBeforeItReachesTheLog() throws Exception {
    RaftMemberConfig config = config();
    try (RatisMetadataStore store = RatisMetadataStore.start(config)) {
      await(store::isLeader, "single member leads");
      RaftGroup group =
          RaftGroup.valueOf(
              RatisMetadataStore.GROUP_ID,
              RaftPeer.newBuilder().setId("n1").setAddress(config.peers().get("n1")).build());
      try (RaftClient raw =
          RaftClient.newBuilder()
              .setProperties(new RaftProperties())
              .setRaftGroup(group)
              .setRetryPolicy(RetryPolicies.noRetry())
              .build()) {
        assertThatThrownBy(() -> raw.io().send(Message.valueOf(ByteString.copyFromUtf8("junk"))))
            .hasMessageContaining("not a metadata command");
      }
      assertThat(store.running()).isTrue();
      Outcome o = store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
      assertThat(o.isOk()).isTrue();
      assertThat(store.state().clusterId()).contains(Fixtures.CLUSTER);
    }
  }
}
