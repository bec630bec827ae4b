package io.hyperblock.server.metadata.ratis;

import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.metadata.MetadataCodec;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the metadata Raft group (Apache Ratis over gRPC). Proposals go through a {@link
 * RaftClient} to the group, so any member accepts them: a follower's client is redirected to the
 * leader. Reads come from this member's applied state.
 *
 * <p>On start, an existing storage directory is recovered (latest snapshot + log tail); an empty
 * one is formatted. All members of one group share a fixed group id.
 */
public final class RatisMetadataStore implements MetadataStore {
  private static final Logger LOG = LoggerFactory.getLogger(RatisMetadataStore.class);

  /** Every Hyperblock metadata group uses this id; members of other groups never share a port. */
  static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(
          UUID.nameUUIDFromBytes("hyperblock-metadata".getBytes(StandardCharsets.UTF_8)));

  /**
   * A create or resize carries its whole placement plan in one log entry (at most ~20 MB, see
   * VolumeLimits.MAX_UNITS); Ratis' defaults (4 MiB appender buffer) would refuse it. The log's
   * write buffer (a direct buffer of this size per member) must hold one entry plus a header.
   */
  private static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf("32MB");

  private static final SizeInBytes WRITE_BUFFER = SizeInBytes.valueOf("33MB");

  private final RaftMemberConfig config;
  private final RaftGroup group;
  private final MetadataStateMachine stateMachine;
  private final RaftServer server;
  private final RaftClient client;

  private RatisMetadataStore(
      RaftMemberConfig config,
      RaftGroup group,
      MetadataStateMachine stateMachine,
      RaftServer server,
      RaftClient client) {
    this.config = config;
    this.group = group;
    this.stateMachine = stateMachine;
    this.server = server;
    this.client = client;
  }

  /**
   * Starts this member and returns once its server runs (a leader may not be elected yet).
   *
   * @throws IOException the storage directory cannot be used, or the Raft port cannot be bound
   */
  public static RatisMetadataStore start(RaftMemberConfig config) throws IOException {
    List<RaftPeer> peers =
        config.peers().entrySet().stream()
            .map(e -> RaftPeer.newBuilder().setId(e.getKey()).setAddress(e.getValue()).build())
            .toList();
    RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
    RaftProperties props = properties(config);
    MetadataStateMachine sm = new MetadataStateMachine();
    java.nio.file.Files.createDirectories(config.storageDir());
    boolean fresh = isEmpty(config.storageDir());
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(config.memberId()))
            .setGroup(group)
            .setStateMachine(sm)
            .setProperties(props)
            .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
            .build();
    server.start();
    RaftClient client =
        RaftClient.newBuilder()
            .setProperties(props)
            .setRaftGroup(group)
            .setClientRpc(
                new GrpcFactory(new Parameters()).newRaftClientRpc(ClientId.randomId(), props))
            .setRetryPolicy(
                RetryPolicies.retryForeverWithSleep(
                    TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
            .build();
    LOG.info(
        "metadata member {} started ({} storage {}), group {}",
        config.memberId(),
        fresh ? "fresh" : "recovered",
        config.storageDir(),
        config.peers());
    return new RatisMetadataStore(config, group, sm, server, client);
  }

  private static RaftProperties properties(RaftMemberConfig config) {
    RaftProperties props = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(props, List.of(config.storageDir().toFile()));
    GrpcConfigKeys.Server.setPort(props, config.raftPort());
    GrpcConfigKeys.setMessageSizeMax(props, SizeInBytes.valueOf("64MB"));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(props, MAX_ENTRY);
    RaftServerConfigKeys.Log.setWriteBufferSize(props, WRITE_BUFFER);
    RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf("64MB"));
    // Ratis' 150-300 ms election timeouts made leadership flap under GC pauses of a loaded 2-core
    // host (3 JVMs starting); 0.5-1 s costs well under a second of extra failover time.
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(
        props, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotEvery());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    return props;
  }

  private static boolean isEmpty(java.nio.file.Path dir) throws IOException {
    try (var entries = java.nio.file.Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  @Override
  public MetadataState state() {
    return stateMachine.state();
  }

  @Override
  public Outcome submit(MetadataCommand command) {
    Duration timeout = config.submitTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    Message message = Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(command)));
    RaftClientReply reply;
    try {
      reply = client.async().send(message).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unavailable("no leader or no quorum within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw unavailable("the metadata group refused the proposal: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for the metadata group");
    }
    if (!reply.isSuccess()) {
      throw unavailable("the metadata group refused the proposal: " + reply.getException());
    }
    Outcome outcome = MetadataCodec.decodeOutcome(reply.getMessage().getContent().toByteArray());
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!stateMachine.awaitApplied(reply.getLogIndex(), Duration.ofNanos(left))) {
        LOG.warn(
            "entry {} is committed but not yet applied on {}; reads here may lag",
            reply.getLogIndex(),
            config.memberId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return outcome;
  }

  private UnavailableException unavailable(String why) {
    String leader = leaderId().map(id -> config.peers().get(id)).orElse(null);
    return new UnavailableException(
        "metadata group cannot commit: " + why + "; retry shortly", leader);
  }

  @Override
  public boolean isLeader() {
    return info().map(i -> i.isLeader() && i.isLeaderReady()).orElse(false);
  }

  @Override
  public Optional<String> leaderId() {
    return info().map(DivisionInfo::getLeaderId).map(RaftPeerId::toString);
  }

  private Optional<DivisionInfo> info() {
    try {
      return Optional.of(server.getDivision(group.getGroupId()).getInfo());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean running() {
    // The state machine updater closes the division (not the whole server) when apply throws.
    var state = server.getLifeCycleState();
    return !state.isClosingOrClosed()
        && state != org.apache.ratis.util.LifeCycle.State.EXCEPTION
        && info().map(DivisionInfo::isAlive).orElse(false);
  }

  @Override
  public String memberId() {
    return config.memberId();
  }

  @Override
  public List<String> memberIds() {
    return List.copyOf(config.peers().keySet());
  }

  @Override
  public void close() {
    try {
      client.close();
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing metadata member " + config.memberId(), e);
    }
  }
}
