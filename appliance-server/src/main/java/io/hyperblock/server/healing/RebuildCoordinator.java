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
import java.util.Objects;
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
 * writes progress in batches, commits each volume's copied units as one new placement map, settles
 * committed moves (placement floor, ADR 0009), runs delta resyncs of bricks that came back ({@link
 * ResyncRunner}) and reconciles them. On a follower it does nothing and forgets its attempts.
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

  /**
   * One dispatched RebuildUnit call; {@code refence} for the fenced catch-up of a COPIED unit whose
   * freeze lapsed before its commit (ADR 0009).
   */
  private record Attempt(
      RebuildTask task,
      long term,
      AtomicLong bytesDone,
      boolean refence,
      java.util.concurrent.atomic.AtomicReference<Instant> lastAdvance) {}

  /** {@code at}: when the answer arrived (the freeze's age counts from the brick's report). */
  private record Result(
      String taskId,
      long term,
      boolean ok,
      long written,
      long fencedForMillis,
      Instant at,
      String error) {}

  /** The floor push that settles the moves of one volume (ADR 0009). */
  private record FloorPush(List<String> taskIds, long term, boolean ok, String error) {}

  private final MetadataStore store;
  private final RepairClient bricks;
  private final RebuildPlanning planning;
  private final Clock clock;
  private final HealingConfig config;
  private final BrickReconciler reconciler;
  private final ResyncRunner resyncs;
  private final Map<String, Attempt> running = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final Map<String, TaskUpdate> pending = new LinkedHashMap<>();
  private final Map<String, Instant> notBefore = new HashMap<>();

  /** When the stripe of a COPIED or SETTLING task was frozen (this leader's clock; ADR 0009). */
  private final Map<String, Instant> fencedSince = new HashMap<>();

  /** The RebuildUnit calls in flight, by task id, cancelled when leadership is lost. */
  private final Map<String, java.util.concurrent.CompletableFuture<?>> calls =
      new ConcurrentHashMap<>();

  /** The freeze token of each task's latest attempt. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong attemptSeq = new AtomicLong();

  private final Set<String> pushing = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<FloorPush> pushed = new ConcurrentLinkedQueue<>();
  private final BrickFences fences;
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
    this.fences = new BrickFences(bricks);
    this.resyncs = new ResyncRunner(bricks, config);
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
      // Stop this member's attempts: a target still copying for a deposed leader releases its
      // freezes when its call is cancelled (ADR 0009).
      calls.values().forEach(f -> f.cancel(true));
      calls.clear();
      running.clear();
      pending.clear();
      fencedSince.clear();
      tokens.clear();
      pushing.clear();
      fences.forgetAll();
      reconciler.forgetAll();
      resyncs.forgetAll();
      return;
    }
    leading = true;
    Instant now = clock.instant();
    try {
      collectResults(now);
      collectFloorPushes(now);
      resyncs.collect(store);
      MetadataState state = store.state();
      cancelUnrunnable(state);
      plan(state, now);
      dispatch(store.state(), now);
      resyncs.dispatch(store.state(), now, running.size(), this::freezeToken);
      writeUpdates(now);
      complete(store.state(), now);
      settle(store.state(), now);
      fences.refresh(store.state());
      reconciler.reconcile(store.state(), running.keySet(), now);
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
      if (r.ok()) {
        fencedSince.put(t.taskId(), r.at().minusMillis(r.fencedForMillis()));
      }
      if (a.refence()) {
        if (!r.ok()) {
          notBefore.put(t.taskId(), now.plus(MAX_BACKOFF.dividedBy(4)));
          LOG.warn("rebuild task {}: fenced catch-up failed: {}", t.taskId(), r.error());
        }
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

  /** Moves whose floor push answered: DONE, or retried after a pause. */
  private void collectFloorPushes(Instant now) {
    FloorPush p;
    while ((p = pushed.poll()) != null) {
      pushing.removeAll(p.taskIds());
      if (p.term() != term) {
        continue;
      }
      MetadataState state = store.state();
      for (String id : p.taskIds()) {
        RebuildTask t = state.rebuildTasks().get(id);
        if (t == null || t.state() != State.SETTLING) {
          continue;
        }
        if (p.ok()) {
          pending.put(id, new TaskUpdate(id, State.DONE, t.bytes(), t.attempts(), ""));
          fencedSince.remove(id);
          tokens.remove(id);
        } else {
          notBefore.put(id, now.plus(config.tickInterval().multipliedBy(4)));
        }
      }
      if (!p.ok()) {
        LOG.warn("placement floor push for {} failed, retrying: {}", p.taskIds(), p.error());
      }
    }
  }

  /** Cancels open tasks whose volume is gone or whose target is no longer UP (re-planned). */
  private void cancelUnrunnable(MetadataState state) {
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state().finished() || t.state() == State.SETTLING || running.containsKey(t.taskId())) {
        continue; // a SETTLING unit is in the map already: its floor push retries instead
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
      Optional<RebuildUnitRequest> request = request(state, t, why);
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
      // A SETTLING unit is copied and committed: count it done, its floor push is no stall.
      long total = t.state() == State.SETTLING ? done : t.bytes();
      out.add(new io.hyperblock.server.alerts.RebuildProgress(t.taskId(), volume, done, total, at));
    }
    return out;
  }

  /** Bytes copied by delta resync per brick since this member leads (for reports and tests). */
  public Map<UUID, Long> resyncedBytes() {
    return resyncs.resyncedBytes();
  }

  /**
   * Settles committed moves (ADR 0009): per volume, raises the placement floor to the current map
   * version on every UP brick of the moved units' stripes, old holders included, and releases the
   * moves' stripe freezes. From then on writers of an older map are refused there and refresh.
   * Bricks that are DOWN get the floor when they come back ({@link BrickFences}).
   */
  private void settle(MetadataState state, Instant now) {
    Map<UUID, List<RebuildTask>> byVolume = new LinkedHashMap<>();
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state() != State.SETTLING
          || pushing.contains(t.taskId())
          || pending.containsKey(t.taskId())
          || running.containsKey(t.taskId())
          || now.isBefore(notBefore.getOrDefault(t.taskId(), Instant.EPOCH))) {
        continue;
      }
      if (!fenceFresh(t, now)) {
        // The freeze may have lapsed since the commit (slow commit, or a new leader): writers of
        // the old map may have written the old placement only. Freeze again and copy what
        // changed into the new unit before the floor makes the new map the only one.
        refence(state, t, now);
        continue;
      }
      byVolume.computeIfAbsent(t.volumeId(), v -> new ArrayList<>()).add(t);
    }
    for (var e : byVolume.entrySet()) {
      List<String> ids = e.getValue().stream().map(RebuildTask::taskId).toList();
      var map = state.placements().get(e.getKey());
      if (map == null) {
        ids.forEach(id -> pending.put(id, new TaskUpdate(id, State.DONE, 0, 0, "volume deleted")));
        continue;
      }
      Set<String> addresses = new java.util.TreeSet<>();
      for (RebuildTask t : e.getValue()) {
        addresses.addAll(TaskRequests.liveStripeBricks(state, t));
      }
      pushing.addAll(ids);
      long myTerm = term;
      List<String> release = ids.stream().map(tokens::get).filter(Objects::nonNull).toList();
      List<java.util.concurrent.CompletableFuture<Long>> calls = new ArrayList<>();
      for (String address : addresses) {
        calls.add(bricks.setPlacementFloor(address, e.getKey(), map.version(), release));
      }
      java.util.concurrent.CompletableFuture.allOf(
              calls.toArray(java.util.concurrent.CompletableFuture[]::new))
          .whenComplete(
              (x, err) ->
                  pushed.add(
                      new FloorPush(ids, myTerm, err == null, err == null ? "" : describe(err))));
    }
  }

  /** A freeze token of its own for one attempt: the work's id, this leadership, a sequence. */
  private String freezeToken(String workId) {
    return workId + "#" + incarnation + "." + term + "." + attemptSeq.incrementAndGet();
  }

  /** Whether the task's stripe is known frozen and well inside its lease (ADR 0009). */
  private boolean fenceFresh(RebuildTask t, Instant now) {
    Instant since = fencedSince.get(t.taskId());
    return since != null
        && Duration.between(since, now).compareTo(config.fenceLease().dividedBy(2)) < 0;
  }

  /**
   * The task's RebuildUnit request, fenced (ADR 0009) under a token of its own (an attempt of an
   * earlier leader or attempt can only release its own freeze), or empty with the reason in why[0].
   */
  private Optional<RebuildUnitRequest> request(MetadataState state, RebuildTask t, String[] why) {
    String token = freezeToken(t.taskId());
    Optional<RebuildUnitRequest> r =
        TaskRequests.build(
            state, t, config.stripeUnit(), rate(t), config.fenceLease().toMillis(), token, why);
    if (r.isPresent()) {
      tokens.put(t.taskId(), token);
    }
    return r;
  }

  /**
   * Re-freezes the stripe of a COPIED task whose freeze lapsed (or that a new leader found COPIED)
   * and copies what changed since the task was planned, so it can be committed.
   */
  private void refence(MetadataState state, RebuildTask t, Instant now) {
    if (running.containsKey(t.taskId())
        || running.size() >= config.maxConcurrentTasks()
        || now.isBefore(notBefore.getOrDefault(t.taskId(), Instant.EPOCH))) {
      return;
    }
    String[] why = new String[1];
    Optional<RebuildUnitRequest> request = request(state, t, why);
    if (request.isEmpty()) {
      notBefore.put(t.taskId(), now.plus(config.tickInterval().multipliedBy(4)));
      return;
    }
    long since = t.createdAt().minus(CLOCK_SKEW_MARGIN).toEpochMilli();
    start(
        state,
        t,
        request.get().toBuilder().setChangedSinceMillis(Math.max(1, since)).build(),
        true);
  }

  private void start(
      MetadataState state, RebuildTask t, RebuildUnitRequest request, boolean refence) {
    String address = state.bricks().get(t.toBrick()).address();
    Attempt a =
        new Attempt(
            t,
            term,
            new AtomicLong(t.bytesDone()),
            refence,
            new java.util.concurrent.atomic.AtomicReference<>(clock.instant()));
    running.put(t.taskId(), a);
    long myTerm = term;
    var call =
        bricks.rebuildFenced(
            address,
            request,
            done -> {
              if (a.bytesDone().getAndSet(done) < done) {
                a.lastAdvance().set(clock.instant());
              }
            });
    calls.put(t.taskId(), call);
    call.whenComplete((r, e) -> calls.remove(t.taskId(), call));
    call.whenComplete(
        (r, e) ->
            results.add(
                e == null
                    ? new Result(
                        t.taskId(),
                        myTerm,
                        true,
                        r.bytesWritten(),
                        r.fencedForMillis(),
                        clock.instant(),
                        "")
                    : new Result(t.taskId(), myTerm, false, 0, 0, clock.instant(), describe(e))));
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
        if (a.refence()) {
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

  /**
   * Commits, per volume, the units that are copied and whose stripe is still frozen well inside its
   * lease (ADR 0009): one new placement map each. A unit whose freeze is older, or unknown to this
   * leader, is re-fenced first.
   */
  private void complete(MetadataState state, Instant now) {
    Map<UUID, List<String>> copied = new LinkedHashMap<>();
    Duration safe = config.fenceLease().dividedBy(2);
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (t.state() != State.COPIED || running.containsKey(t.taskId())) {
        continue;
      }
      Instant since = fencedSince.get(t.taskId());
      if (since == null || Duration.between(since, now).compareTo(safe) >= 0) {
        fencedSince.remove(t.taskId());
        refence(state, t, now);
        continue;
      }
      copied.computeIfAbsent(t.volumeId(), v -> new ArrayList<>()).add(t.taskId());
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

  static String describe(Throwable e) {
    Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
    Status s = Status.fromThrowable(c);
    return s.getCode() == Status.Code.UNKNOWN
        ? String.valueOf(c)
        : s.getCode() + ": " + s.getDescription();
  }
}
