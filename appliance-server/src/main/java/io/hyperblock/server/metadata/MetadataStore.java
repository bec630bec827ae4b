package io.hyperblock.server.metadata;

import io.hyperblock.server.api.UnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * This member's window onto the replicated metadata: read the state it has applied, propose
 * commands to the group. Thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * The latest state this member has applied. On a follower it may lag the leader by the entries
   * still in flight; after {@link #submit} returns, it includes the submitted command.
   */
  MetadataState state();

  /**
   * Proposes {@code command} to the group (from any member: followers forward it to the leader),
   * waits until it is committed and applied on this member, and returns its outcome. A rejected
   * command (duplicate name, stale epoch, ...) is an {@link Outcome}, not an exception.
   *
   * @throws UnavailableException the group had no leader or no quorum within the submit timeout;
   *     the command may or may not have been committed, so the caller must re-read the state (all
   *     commands are safe to retry except that a retried create reports a duplicate name)
   */
  Outcome submit(MetadataCommand command);

  /** Whether this member leads the group right now (only the leader runs the health monitor). */
  boolean isLeader();

  /** The leader's member id, or empty while an election runs. */
  Optional<String> leaderId();

  /** This member's id, e.g. {@code n1}. */
  String memberId();

  /** Ids of every member of the group, this one included, sorted. */
  List<String> memberIds();

  /**
   * Whether this member still takes part in the group. False after it stopped itself (a log entry
   * it could not apply) or was closed; the process should then exit so a supervisor restarts it.
   */
  default boolean running() {
    return true;
  }

  /** Stops this member; the others keep serving if they still form a quorum. */
  @Override
  void close();
}
