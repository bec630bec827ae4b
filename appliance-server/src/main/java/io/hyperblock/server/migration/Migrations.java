package io.hyperblock.server.migration;

import io.hyperblock.server.api.MigrationInfo;
import io.hyperblock.server.api.MigrationInfo.Kind;
import io.hyperblock.server.api.MigrationInfo.State;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Migrations as the Raft state records them: the rebuild tasks whose plan id starts with {@value
 * #DRAIN_PREFIX} or {@value #REBALANCE_PREFIX}, grouped by plan id. Pure: the caller passes the
 * state and the current time.
 *
 * <p>The rebuild task list keeps only the most recent finished tasks ({@link
 * MetadataState#MAX_FINISHED_TASKS}), so old finished migrations eventually drop out of the list.
 */
public final class Migrations {

  /** Plan id prefix of drain moves (core's {@code DrainPlanner}). */
  public static final String DRAIN_PREFIX = "drain-";

  /** Plan id prefix of rebalance moves (core's {@code RebalancePlanner}). */
  public static final String REBALANCE_PREFIX = "rebalance-";

  /** The error recorded on tasks an operator cancelled; tells CANCELLED from COMPLETED. */
  public static final String CANCELLED_BY_OPERATOR = "cancelled by operator";

  private Migrations() {}

  /** Whether the task belongs to a drain or a rebalance. */
  public static boolean isMigrationTask(RebuildTask t) {
    return t.planId().startsWith(DRAIN_PREFIX) || t.planId().startsWith(REBALANCE_PREFIX);
  }

  /** Every migration in the state: running first, then the most recently started first. */
  public static List<MigrationInfo> all(MetadataState state, Instant now) {
    Map<String, List<RebuildTask>> byPlan = new LinkedHashMap<>();
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (isMigrationTask(t)) {
        byPlan.computeIfAbsent(t.planId(), k -> new ArrayList<>()).add(t);
      }
    }
    List<MigrationInfo> out = new ArrayList<>();
    byPlan.forEach((id, tasks) -> out.add(summarize(id, tasks, now)));
    out.sort(
        Comparator.comparing((MigrationInfo m) -> m.state() != State.RUNNING)
            .thenComparing(MigrationInfo::startedAt, Comparator.reverseOrder())
            .thenComparing(MigrationInfo::id));
    return out;
  }

  /** The migration with this id, or empty. */
  public static Optional<MigrationInfo> find(MetadataState state, String id, Instant now) {
    List<RebuildTask> tasks =
        state.rebuildTasks().values().stream().filter(t -> t.planId().equals(id)).toList();
    if (tasks.isEmpty() || !id.startsWith(DRAIN_PREFIX) && !id.startsWith(REBALANCE_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(summarize(id, tasks, now));
  }

  /** Unfinished tasks of the migration, by task id. */
  public static List<RebuildTask> openTasks(MetadataState state, String id) {
    return state.rebuildTasks().values().stream()
        .filter(t -> t.planId().equals(id) && !t.state().finished())
        .toList();
  }

  static MigrationInfo summarize(String id, List<RebuildTask> tasks, Instant now) {
    Kind kind = id.startsWith(DRAIN_PREFIX) ? Kind.DRAIN : Kind.REBALANCE;
    long total = 0;
    long done = 0;
    int unitsDone = 0;
    boolean open = false;
    boolean cancelled = false;
    boolean abandoned = false;
    Instant started = null;
    Instant updated = null;
    String lastError = "";
    Instant lastErrorAt = Instant.MIN;
    for (RebuildTask t : tasks) {
      total += t.bytes();
      done += t.state() == RebuildTask.State.DONE ? t.bytes() : Math.min(t.bytesDone(), t.bytes());
      unitsDone += t.state() == RebuildTask.State.DONE ? 1 : 0;
      open |= !t.state().finished();
      boolean byOperator = CANCELLED_BY_OPERATOR.equals(t.lastError());
      cancelled |= t.state() == RebuildTask.State.CANCELLED && byOperator;
      abandoned |= t.state() == RebuildTask.State.CANCELLED && !byOperator;
      started = started == null || t.createdAt().isBefore(started) ? t.createdAt() : started;
      updated = updated == null || t.updatedAt().isAfter(updated) ? t.updatedAt() : updated;
      if (!t.lastError().isEmpty()
          && !CANCELLED_BY_OPERATOR.equals(t.lastError())
          && t.updatedAt().isAfter(lastErrorAt)) {
        lastError = t.lastError();
        lastErrorAt = t.updatedAt();
      }
    }
    State state =
        open
            ? State.RUNNING
            : cancelled ? State.CANCELLED : abandoned ? State.FAILED : State.COMPLETED;
    String brick = kind == Kind.DRAIN ? tasks.getFirst().fromBrick().toString() : null;
    Duration eta = state == State.RUNNING ? eta(total, done, started, now) : null;
    return new MigrationInfo(
        id,
        kind,
        brick,
        state,
        tasks.size(),
        unitsDone,
        total,
        done,
        started,
        updated,
        eta,
        lastError);
  }

  /**
   * Time left at the average rate since the start: {@code (total - done) / (done / elapsed)}; null
   * until some bytes have moved (no rate to extrapolate from).
   */
  static Duration eta(long total, long done, Instant started, Instant now) {
    long elapsedMs = Duration.between(started, now).toMillis();
    if (done <= 0 || elapsedMs <= 0) {
      return null;
    }
    double msPerByte = (double) elapsedMs / done;
    return Duration.ofMillis((long) Math.ceil((total - done) * msPerByte));
  }
}
