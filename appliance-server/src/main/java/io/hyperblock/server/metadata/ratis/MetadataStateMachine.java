package io.hyperblock.server.metadata.ratis;

import io.hyperblock.server.metadata.CommandApplier;
import io.hyperblock.server.metadata.MetadataCodec;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed log entries to a {@link MetadataState} and snapshots it. Ratis calls {@link
 * #applyTransaction} on one thread in log order, and {@link #takeSnapshot} on that same thread, so
 * the (state, last applied index) pair a snapshot captures is always consistent.
 *
 * <p>A log entry that cannot be decoded stops the member (apply throws, which stops Ratis' state
 * machine updater): applying a partial or guessed command would make this member's state diverge
 * from the others'.
 */
final class MetadataStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Object appliedMonitor = new Object();
  private volatile MetadataState state = MetadataState.empty();

  MetadataState state() {
    return state;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.loadLatestSnapshot());
  }

  /** Called after a snapshot was installed from the leader (a member that fell far behind). */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      LOG.info("no metadata snapshot; replaying the log from the start");
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    state = SnapshotFile.read(file.toPath());
    TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file);
    setLastAppliedTermIndex(last);
    LOG.info("loaded metadata snapshot {} at {}: {}", file.getName(), last, state);
    signalApplied();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /**
   * Runs on the leader before a proposal is appended: anything that is not a decodable command is
   * refused here, so a buggy or foreign client on the Raft port cannot poison the log (an entry
   * that cannot be applied stops every member that reaches it).
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    try {
      MetadataCodec.decodeCommand(request.getMessage().getContent().toByteArray());
    } catch (UncheckedIOException e) {
      throw new IOException("refused a proposal that is not a metadata command: " + e.getMessage());
    }
    return super.startTransaction(request);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    try {
      MetadataCommand command =
          MetadataCodec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
      CommandApplier.Applied applied = CommandApplier.apply(state, command);
      state = applied.state();
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      signalApplied();
      return CompletableFuture.completedFuture(
          Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(applied.outcome()))));
    } catch (RuntimeException e) {
      // Skipping the entry would make this member diverge from the others: throw, which stops
      // Ratis' state machine updater and with it this member. An operator must look at it.
      LOG.error("cannot apply metadata log entry {}; stopping this member", entry.getIndex(), e);
      throw new IllegalStateException(
          "metadata log entry " + entry.getIndex() + " cannot be applied: " + e.getMessage(), e);
    }
  }

  /** Configuration and leader no-op entries advance the applied index too. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    signalApplied();
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    SnapshotFile.write(file.toPath(), state);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(file.toPath(), null), last));
    LOG.info("metadata snapshot {} written at {}", file.getName(), last);
    return last.getIndex();
  }

  /**
   * Blocks until this member has applied {@code index}, or the timeout passes.
   *
   * @return whether the index was applied in time
   */
  boolean awaitApplied(long index, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appliedMonitor) {
      while (appliedIndex() < index) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        appliedMonitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private long appliedIndex() {
    TermIndex t = getLastAppliedTermIndex();
    return t == null ? -1 : t.getIndex();
  }

  private void signalApplied() {
    synchronized (appliedMonitor) {
      appliedMonitor.notifyAll();
    }
  }
}
