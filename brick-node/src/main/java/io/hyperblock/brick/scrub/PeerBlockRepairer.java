package io.hyperblock.brick.scrub;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.repair.SourceChannels;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.JournalEntry;
import io.hyperblock.brick.store.ShardInfo;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreException;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.BrickState;
import io.hyperblock.protocol.v1.ChunkGroup;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetPlacementMapResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Repairs a corrupt block of a replica from its peers: asks the management server for the volume's
 * placement map ({@code GetPlacementMap}), reads the block from every other UP or DRAINING replica
 * ({@code ReadShard}, which verifies the peer's own CRC), and rewrites it here only when every
 * replica that answered returned the same bytes (a peer that missed writes and is marked stale on
 * the server would otherwise be copied silently). Anything else, an erasure-coded shard, replicas
 * that disagree, or no replica answering, is reported to the server as a failed unit ({@code
 * ReportReplicaFailure}) so that readers avoid it.
 *
 * <p>A client write may hit the block while the repair runs. The store's change journal tells: a
 * write to the block after the repair started means the peers' bytes may be older than the block's
 * newest contents, so the repair fetches again (at most {@value #ATTEMPTS} times); a client write
 * that lands after the repair's write simply wins.
 */
public final class PeerBlockRepairer implements BlockRepairer {
  private static final System.Logger LOG = System.getLogger(PeerBlockRepairer.class.getName());
  private static final int BLOCK = 4096;
  static final int ATTEMPTS = 3;

  private final ShardStore store;
  private final ManagedChannel server;
  private final Supplier<Optional<UUID>> self;
  private final SourceChannels peers;
  private final Duration timeout;

  /**
   * @param server channel to the management server's MetadataService
   * @param self this brick's id once registered
   * @param peers channels to other bricks (shared with the repair service)
   * @param timeout deadline of each call
   */
  public PeerBlockRepairer(
      ShardStore store,
      ManagedChannel server,
      Supplier<Optional<UUID>> self,
      SourceChannels peers,
      Duration timeout) {
    this.store = store;
    this.server = server;
    this.self = self;
    this.peers = peers;
    this.timeout = timeout;
  }

  @Override
  public Outcome repair(ShardKey key, long blockIndex) {
    UUID me = self.get().orElse(null);
    if (me == null) {
      return Outcome.FAILED; // not registered yet: no placement to ask about
    }
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (verifies(key, blockIndex)) {
          return Outcome.OVERWRITTEN;
        }
        long head = store.journalHead();
        GetPlacementMapResponse placement =
            MetadataServiceGrpc.newBlockingStub(server)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getPlacementMap(
                    GetPlacementMapRequest.newBuilder()
                        .setVolumeId(key.volumeId().toString())
                        .build());
        Optional<ChunkGroup> group =
            placement.getPlacementMap().getGroupsList().stream()
                .filter(g -> g.getStripeIndex() == key.stripeIndex())
                .findFirst();
        if (group.isEmpty() || group.get().getLocationsCount() != 1 || key.shardIndex() != 0) {
          return report(key, blockIndex, me, "erasure-coded shard or stripe not in the placement");
        }
        Optional<ByteString> good = agreedCopy(key, blockIndex, me, group.get(), placement);
        if (good.isEmpty()) {
          return report(key, blockIndex, me, "no agreeing healthy replica to copy the block from");
        }
        if (!writesTo(key, blockIndex, head).isEmpty()) {
          continue; // a client wrote the block meanwhile: verify again, fetch again
        }
        ByteBuffer bytes = good.get().asReadOnlyByteBuffer();
        store.write(
            key,
            blockIndex * BLOCK,
            bytes,
            store.highestEpoch(key.volumeId()),
            generation(key),
            true);
        List<JournalEntry> writes = writesTo(key, blockIndex, head);
        // Ours first: any later client write simply wins. A client write before ours may carry
        // bytes newer than what the peers sent when asked: fetch again.
        if (!writes.isEmpty()
            && isRepairWrite(writes.getFirst(), blockIndex, expectedChecksum(good.get()))) {
          LOG.log(System.Logger.Level.INFO, "scrub repaired block {0} of {1}", blockIndex, key);
          return Outcome.REPAIRED;
        }
      }
      return Outcome.FAILED;
    } catch (StatusRuntimeException | StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "scrub could not repair block {0} of {1} ({2}); the next pass retries",
          blockIndex,
          key,
          e.toString());
      return Outcome.FAILED;
    }
  }

  private boolean verifies(ShardKey key, long blockIndex) {
    try {
      store.read(key, blockIndex * BLOCK, BLOCK, ByteBuffer.allocate(BLOCK));
      return true;
    } catch (CorruptBlockException e) {
      return false;
    }
  }

  /** The block from every reachable healthy peer, when they all agree; empty otherwise. */
  private Optional<ByteString> agreedCopy(
      ShardKey key, long blockIndex, UUID me, ChunkGroup group, GetPlacementMapResponse placement) {
    List<ByteString> copies = new ArrayList<>();
    for (String brick : group.getLocations(0).getBrickIdsList()) {
      if (brick.equals(me.toString())) {
        continue;
      }
      BrickAddress address =
          placement.getBricksList().stream()
              .filter(b -> b.getBrickId().equals(brick))
              .findFirst()
              .orElse(null);
      if (address == null
          || address.getState() != BrickState.BRICK_STATE_UP
              && address.getState() != BrickState.BRICK_STATE_DRAINING) {
        continue;
      }
      try {
        copies.add(
            BrickServiceGrpc.newBlockingStub(peers.get(address.getAddress()))
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readShard(
                    ReadShardRequest.newBuilder()
                        .setVolumeId(key.volumeId().toString())
                        .setStripeIndex(key.stripeIndex())
                        .setShardIndex(0)
                        .setOffset(blockIndex * BLOCK)
                        .setLength(BLOCK)
                        .build())
                .getData());
      } catch (StatusRuntimeException e) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "peer {0} could not serve the block: {1}",
            brick,
            e.getStatus());
      }
    }
    if (copies.isEmpty() || copies.stream().distinct().count() != 1) {
      return Optional.empty();
    }
    return Optional.of(copies.getFirst());
  }

  /** Journaled mutations after {@code head} that touch the block, oldest first. */
  private List<JournalEntry> writesTo(ShardKey key, long blockIndex, long head) {
    long start = blockIndex * BLOCK;
    return store.changesSince(head, 100_000).stream()
        .filter(e -> key.equals(e.key()))
        .filter(e -> e.offset() < start + BLOCK && e.offset() + e.length() > start)
        .toList();
  }

  /** Whether {@code e} is the repair's own write: exactly the block, with these bytes' checksum. */
  private static boolean isRepairWrite(JournalEntry e, long blockIndex, int checksum) {
    return e.offset() == blockIndex * BLOCK
        && e.length() == BLOCK
        && e.newChecksums().length == 1
        && e.newChecksums()[0] == checksum;
  }

  private long generation(ShardKey key) {
    return store.list(key.volumeId()).stream()
        .filter(s -> s.key().equals(key))
        .mapToLong(ShardInfo::generation)
        .findFirst()
        .orElse(0);
  }

  /**
   * The checksum the store keeps for these bytes: CRC32C, or the marker 0 for an all-zero block.
   */
  static int expectedChecksum(ByteString block) {
    boolean zero = true;
    for (int i = 0; i < block.size() && zero; i++) {
      zero = block.byteAt(i) == 0;
    }
    if (zero) {
      return 0;
    }
    CRC32C crc = new CRC32C();
    crc.update(block.asReadOnlyByteBuffer());
    return (int) crc.getValue();
  }

  private Outcome report(ShardKey key, long blockIndex, UUID me, String why) {
    try {
      MetadataServiceGrpc.newBlockingStub(server)
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .reportReplicaFailure(
              ReportReplicaFailureRequest.newBuilder()
                  .setVolumeId(key.volumeId().toString())
                  .setStripeIndex(key.stripeIndex())
                  .setShardIndex(key.shardIndex())
                  .setBrickId(me.toString())
                  .setEpoch(store.highestEpoch(key.volumeId()))
                  .setReason("scrub: block " + blockIndex + " fails its CRC32C (" + why + ")")
                  .build());
      LOG.log(
          System.Logger.Level.WARNING,
          "scrub reported corrupt block {0} of {1} to the server: {2}",
          blockIndex,
          key,
          why);
      return Outcome.REPORTED;
    } catch (StatusRuntimeException e) {
      return Outcome.FAILED;
    }
  }
}
