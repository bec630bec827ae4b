package io.hyperblock.server.healing;

import io.grpc.Status;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.metadata.BrickTransition;
import io.hyperblock.server.metadata.MetadataCommand.CompleteRebuild;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.RebuildTask.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rebuilds from the leader. Each {@link #tick()} (the server's scheduler calls it every tick
 * interval; tests call it directly with a fake clock): records finished attempts, plans tasks for
 * bricks DOWN longer than the wait-before-replace window, dispatches PENDING tasks (and RUNNING
 * ones no attempt of this leader owns: a new leader resumes them) within the concurrency limit,
 * writes progress in batches, commits each volume's copied units as one new placement map, and
 * reconciles bricks that came back. On a follower it does nothing and forgets its attempts.
 *
 * <p>Not thread-safe by itself: ticks are serialized; attempt results arrive on gRPC threads and
 * are queued for the next tick.
 */
public final class RebuildCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(RebuildCoordinator.class);

  /** Longest pause between two attempts of a failing task. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  /**
   * Catch-ups and resyncs copy what the source changed since the task was planned (or the brick was
   * marked DOWN), minus this margin. It covers the DOWN detection delay (a brick misses writes from
   * its last heartbeat on, down-after before it is marked DOWN: 30 s by default) and clock
   * differences between the server (which stamps tasks and transitions) and the bricks (which stamp
   * their journals). Copying more than needed is harmless; less would lose writes. Default 1 min;
   * {@value HealingConfig#RESYNC_MARGIN_PROPERTY} overrides it (tests with 2 s down-after).
   */
  static final Duration CLOCK_SKEW_MARGIN = HealingConfig.resyncMargin();

  /** One dispatched RebuildUnit call; {@code catchUp} for the copy of a SETTLING replica. */
  private record Attempt(
      RebuildTask task,
      long term,
      AtomicLong bytesDone,
      boolean catchUp,
      java.util.concurrent.atomic.AtomicReference<Instant> lastAdvance) {}

  private record Result(String taskId, long term, boolean ok, long written, String error) {}

  private final MetadataStore store;
  private final RepairClient bricks;
  private final RebuildPlanning planning;
  private final Clock clock;
  private final HealingConfig config;
  private final BrickReconciler reconciler;
  private final DeltaResync resync = new DeltaResync();
  private final java.util.ArrayDeque<DeltaResync.Job> resyncQueue = new java.util.ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger resyncRunning =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<UUID, AtomicLong> resyncBytes = new ConcurrentHashMap<>();
  private final Map<String, Attempt> running = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final Map<String, TaskUpdate> pending = new LinkedHashMap<>();
  private final Map<String, Instant> notBefore = new HashMap<>();
  private long term;
  private boolean leading;
  private Instant lastProgressWrite = Instant.EPOCH;
  private List<Object> lastPlanKey = List.of();

  public RebuildCoordinator(
      MetadataStore store,
      RepairClient bricks,
      RebuildPlanning planning,
      Clock clock,
      HealingConfig config) {
    this.store = store;
    this.bricks = bricks;
    this.planning = planning;
    this.clock = clock;
    this.config = config;
    this.reconciler = new BrickReconciler(bricks);
  }

  public HealingConfig config() {
    return config;
  }

  /** Bytes done of the tasks this leader is running now, by task id (fresher than the state). */
  public Map<String, Long> liveProgress() {
    Map<String, Long> out = new HashMap<>();
    running.forEach((id, a) -> out.put(id, a.bytesDone().get()));
    return out;
  }

  /** One round; see the class comment. Never throws for an unreachable brick or quorum. */
  public synchronized void tick() {
    if (!store.isLeader()) {
      if (leading) {
        LOG.info("no longer the leader: abandoning {} rebuild attempt(s)", running.size());
      }
      leading = false;
      term++;
      running.clear();
      pending.clear();
      reconciler.forgetAll();
      resync.forgetAll();
      resyncQueue.clear();
      return;
    }
    leading = true;
    Instant now = clock.instant();
    try {
      collectResults(now);
      DeltaResync.Job retry;
      while ((retry = retryLater.poll()) != null) {
        resyncQueue.add(retry);
      }
      MetadataState state = store.state();
      cancelUnrunnable(state);
      plan(state, now);
      dispatch(store.state(), now);
      settle(store.state(), now);
      resync(store.state(), now);
      writeUpdates(now);
      complete(store.state(), now);
      reconciler.reconcile(store.state(), running.keySet());
    } catch (UnavailableException e) {
      LOG.warn("rebuild round stopped, the metadata group is unavailable: {}", e.getMessage());
    }
  }

  private void collectResults(Instant now) {
    Result r;
    while ((r = results.poll()) != null) {
      Attempt a = running.remove(r.taskId());
      if (a == null || r.term() != term) {
        continue; // an attempt of an earlier leadership
      }
      RebuildTask t = a.task();
      int tries = t.attempts() + 1;
      if (a.catchUp()) {
        settled(t, r, tries, now);
        continue;
      }
      if (r.ok()) {
        pending.put(t.taskId(), new TaskUpdate(t.taskId(), State.COPIED, t.bytes(), tries, ""));
        notBefore.remove(t.taskId());
      } else {
        boolean giveUp = tries >= config.maxAttempts();
        pending.put(
            t.taskId(),
            new TaskUpdate(
                t.taskId(),
                giveUp ? State.CANCELLED : State.PENDING,
                a.bytesDone().get(),
                tries,
                r.error()));
        long factor = 1L << Math.min(tries, 16);
        Duration backoff = config.tickInterval().multipliedBy(factor);
        notBefore.put(
            t.taskId(), now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff));
        LOG.warn("rebuild task {} attempt {} failed: {}", t.taskId(), tries, r.error());
      }
    }
  }

  private void settled(RebuildTask t, Result r, int tries, Instant now) {
    if (r.ok()) {
      pending.put(t.taskId(), new TaskUpdate(t.taskId(), State.DONE, t.bytes(), tries, ""));
      LOG.info("rebuild task {}: new replica caught up ({} bytes copied)", t.taskId(), r.written());
      return;
    }
    // Never given up: the replica is in the map and may lack writes; keep trying, loudly.
    pending.put(
        t.taskId(), new TaskUpdate(t.taskId(), State.SETTLING, t.bytes(), tries, r.error()));
    notBefore.put(t.taskId(), now.plus(MAX_BACKOFF));
    LOG.error("rebuild task {}: catch-up attempt {} failed: {}", t.taskId(), tries, r.error());
  }

  /** Cancels open tasks whose volume is gone or whose target is no longer UP (re-planned). */
  private void cancelUnrunnable(MetadataState state) {
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state().finished() || t.state() == State.SETTLING || running.containsKey(t.taskId())) {
        continue; // a SETTLING replica is in the map already: its catch-up retries instead
      }
      String why = null;
      if (state.volumeById(t.volumeId()).isEmpty()) {
        why = "volume deleted";
      } else if (brickState(state, t.toBrick()) != BrickState.UP) {
        why = "target brick " + t.toBrick() + " is " + brickState(state, t.toBrick());
      }
      if (why != null) {
        pending.put(
            t.taskId(),
            new TaskUpdate(t.taskId(), State.CANCELLED, t.bytesDone(), t.attempts(), why));
      }
    }
    if (!pending.isEmpty()) {
      writeUpdates(clock.instant());
    }
  }

  private void plan(MetadataState state, Instant now) {
    Set<UUID> replaced = replaceable(state, now);
    if (replaced.isEmpty()) {
      return;
    }
    long open = state.rebuildTasks().values().stream().filter(t -> !t.state().finished()).count();
    long placements = state.placements().values().stream().mapToLong(m -> m.version()).sum();
    List<Object> key = List.of(state.topology().version(), placements, open, replaced);
    if (key.equals(lastPlanKey)) {
      return; // nothing changed since the last plan
    }
    List<RebuildTask> tasks = planning.plan(state, replaced, now);
    if (!tasks.isEmpty()) {
      long added = store.submit(new PlanRebuild(tasks, now)).value();
      if (added > 0) {
        LOG.info("planned {} rebuild task(s) for brick(s) {}", added, replaced);
      }
    }
    lastPlanKey = key;
  }

  /** DOWN bricks whose last transition to DOWN is older than the wait-before-replace window. */
  private Set<UUID> replaceable(MetadataState state, Instant now) {
    Map<UUID, Instant> downSince = new HashMap<>();
    for (BrickTransition t : state.transitions()) {
      if (t.to() == BrickState.DOWN) {
        downSince.put(t.brickId(), t.at());
      }
    }
    Set<UUID> out = new HashSet<>();
    for (Brick b : state.topology().bricks()) {
      if (b.state() != BrickState.DOWN) {
        continue;
      }
      Instant since = downSince.getOrDefault(b.id(), Instant.EPOCH);
      if (!Duration.between(since, now).minus(config.waitBeforeReplace()).isNegative()) {
        out.add(b.id());
      }
    }
    return out;
  }

  private void dispatch(MetadataState state, Instant now) {
    List<RebuildTask> ready =
        state.rebuildTasks().values().stream()
            .filter(t -> t.state() == State.PENDING || t.state() == State.RUNNING)
            .filter(t -> !running.containsKey(t.taskId()) && !pending.containsKey(t.taskId()))
            .filter(t -> !now.isBefore(notBefore.getOrDefault(t.taskId(), Instant.EPOCH)))
            .sorted(Comparator.comparing(RebuildTask::createdAt).thenComparing(RebuildTask::taskId))
            .toList();
    for (RebuildTask t : ready) {
      if (running.size() >= config.maxConcurrentTasks()) {
        return;
      }
      String[] why = new String[1];
      Optional<RebuildUnitRequest> request =
          TaskRequests.build(state, t, config.stripeUnit(), rate(t), why);
      if (request.isEmpty()) {
        notBefore.put(t.taskId(), now.plus(config.tickInterval().multipliedBy(4)));
        LOG.debug("rebuild task {} waits: {}", t.taskId(), why[0]);
        continue;
      }
      pending.put(
          t.taskId(),
          new TaskUpdate(t.taskId(), State.RUNNING, t.bytesDone(), t.attempts(), t.lastError()));
      start(state, t, request.get(), false);
    }
  }

  /**
   * Unfinished tasks for alerts and metrics: bytes done (live while this leader runs the task) and
   * when they last grew (a task that is not running: when it last changed). Cheap, never blocks.
   */
  public List<io.hyperblock.server.alerts.RebuildProgress> progress() {
    MetadataState state = store.state();
    List<io.hyperblock.server.alerts.RebuildProgress> out = new ArrayList<>();
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state().finished()) {
        continue;
      }
      Attempt a = running.get(t.taskId());
      String volume =
          state.volumeById(t.volumeId()).map(v -> v.name()).orElse(t.volumeId().toString());
      long done = a == null ? t.bytesDone() : Math.max(t.bytesDone(), a.bytesDone().get());
      Instant at = a == null ? t.updatedAt() : a.lastAdvance().get();
      // A SETTLING replica is copied: count it done so a waiting catch-up is not a stall.
      long total = t.state() == State.SETTLING ? done : t.bytes();
      out.add(new io.hyperblock.server.alerts.RebuildProgress(t.taskId(), volume, done, total, at));
    }
    return out;
  }

  /** Bytes copied by delta resync per brick since this member leads (for reports and tests). */
  public Map<UUID, Long> resyncedBytes() {
    Map<UUID, Long> out = new HashMap<>();
    resyncBytes.forEach((b, n) -> out.put(b, n.get()));
    return out;
  }

  /** Queues and dispatches delta resyncs of bricks that came back (see {@link DeltaResync}). */
  private void resync(MetadataState state, Instant now) {
    resyncQueue.addAll(resync.jobs(state, now));
    while (!resyncQueue.isEmpty()
        && running.size() + resyncRunning.get() < config.maxConcurrentTasks()) {
      DeltaResync.Job job = resyncQueue.poll();
      resyncRunning.incrementAndGet();
      long myTerm = term;
      bricks
          .rebuild(job.address(), job.request(), done -> {})
          .whenComplete(
              (written, e) -> {
                resyncRunning.decrementAndGet();
                if (e == null) {
                  resyncBytes
                      .computeIfAbsent(job.brick(), b -> new AtomicLong())
                      .addAndGet(written);
                  LOG.info("delta resync {}: {} bytes copied", job.request().getTaskId(), written);
                } else {
                  LOG.warn("delta resync {} failed: {}", job.request().getTaskId(), describe(e));
                  if (myTerm == term && job.attempt() + 1 < config.maxAttempts()) {
                    retryLater.add(job.next());
                  }
                }
              });
    }
  }

  /** Resync jobs that failed, retried at the next tick. */
  private final ConcurrentLinkedQueue<DeltaResync.Job> retryLater = new ConcurrentLinkedQueue<>();

  /** Dispatches the catch-up of every SETTLING replica whose clients have had time to refresh. */
  private void settle(MetadataState state, Instant now) {
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (running.size() >= config.maxConcurrentTasks()) {
        return;
      }
      if (t.state() != State.SETTLING
          || running.containsKey(t.taskId())
          || pending.containsKey(t.taskId())
          || now.isBefore(t.updatedAt().plus(config.catchUpAfter()))
          || now.isBefore(notBefore.getOrDefault(t.taskId(), Instant.EPOCH))) {
        continue;
      }
      String[] why = new String[1];
      Optional<RebuildUnitRequest> request =
          TaskRequests.build(state, t, config.stripeUnit(), rate(t), why);
      if (request.isEmpty()) {
        notBefore.put(t.taskId(), now.plus(config.tickInterval().multipliedBy(4)));
        continue;
      }
      long since = t.createdAt().minus(CLOCK_SKEW_MARGIN).toEpochMilli();
      var catchUp =
          request.get().toBuilder().setChangedSinceMillis(Math.max(1, since)).clearSources();
      // The replicas that stay: they were in the old map too and took every write made under it.
      // Never the unit's former brick (a drained or replaced brick may already be reclaimed).
      catchUp.addAllSources(TaskRequests.stayingReplicas(state, t));
      if (catchUp.getSourcesCount() == 0) {
        notBefore.put(t.taskId(), now.plus(config.tickInterval().multipliedBy(4)));
        continue;
      }
      start(state, t, catchUp.build(), true);
    }
  }

  private void start(
      MetadataState state, RebuildTask t, RebuildUnitRequest request, boolean catchUp) {
    String address = state.bricks().get(t.toBrick()).address();
    Attempt a =
        new Attempt(
            t,
            term,
            new AtomicLong(t.bytesDone()),
            catchUp,
            new java.util.concurrent.atomic.AtomicReference<>(clock.instant()));
    running.put(t.taskId(), a);
    long myTerm = term;
    bricks
        .rebuild(
            address,
            request,
            done -> {
              if (a.bytesDone().getAndSet(done) < done) {
                a.lastAdvance().set(clock.instant());
              }
            })
        .whenComplete(
            (written, e) ->
                results.add(
                    e == null
                        ? new Result(t.taskId(), myTerm, true, written, "")
                        : new Result(t.taskId(), myTerm, false, 0, describe(e))));
  }

  /** The task's share of the per-brick and global rates among the attempts running now. */
  private long rate(RebuildTask t) {
    long onTarget =
        1 + running.values().stream().filter(a -> a.task().toBrick().equals(t.toBrick())).count();
    long perBrick = config.perBrickRate().bytes() / onTarget;
    long global = config.globalRate().bytes() / (1 + running.size());
    return Math.max(1, Math.min(perBrick, global));
  }

  /**
   * Writes queued updates in one command: state changes are queued as they happen, the bytes done
   * of running attempts only every progress interval (never a log entry per megabyte).
   */
  private void writeUpdates(Instant now) {
    boolean progressDue =
        !Duration.between(lastProgressWrite, now).minus(config.progressInterval()).isNegative();
    if (progressDue) {
      for (Attempt a : running.values()) {
        RebuildTask t = a.task();
        if (a.catchUp()) {
          continue;
        }
        pending.putIfAbsent(
            t.taskId(),
            new TaskUpdate(t.taskId(), State.RUNNING, a.bytesDone().get(), t.attempts(), ""));
      }
      lastProgressWrite = now;
    }
    if (pending.isEmpty()) {
      return;
    }
    store.submit(new UpdateRebuildTasks(new ArrayList<>(pending.values()), now));
    pending.clear();
  }

  /** Commits, per volume, the units that are copied: one new placement map each. */
  private void complete(MetadataState state, Instant now) {
    Map<UUID, List<String>> copied = new LinkedHashMap<>();
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state() == State.COPIED) {
        copied.computeIfAbsent(t.volumeId(), v -> new ArrayList<>()).add(t.taskId());
      }
    }
    for (var e : copied.entrySet()) {
      long version = store.submit(new CompleteRebuild(e.getKey(), e.getValue(), now)).value();
      LOG.info(
          "volume {}: {} rebuilt unit(s) committed, placement map v{}",
          e.getKey(),
          e.getValue().size(),
          version);
      for (String id : e.getValue()) {
        reconciler.forget(state.rebuildTasks().get(id).fromBrick());
      }
    }
  }

  private static BrickState brickState(MetadataState state, UUID brick) {
    return state.topology().brick(brick).map(Brick::state).orElse(BrickState.REMOVED);
  }

  private static String describe(Throwable e) {
    Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
    Status s = Status.fromThrowable(c);
    return s.getCode() == Status.Code.UNKNOWN
        ? String.valueOf(c)
        : s.getCode() + ": " + s.getDescription();
  }
}
