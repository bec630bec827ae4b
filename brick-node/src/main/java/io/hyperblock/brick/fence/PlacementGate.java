package io.hyperblock.brick.fence;

import io.hyperblock.brick.identity.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every client mutation of a brick passes (ADR 0009): per volume a <b>placement floor</b>
 * (mutations with a lower placement version are refused; durable, only ever raised) and per stripe
 * any number of <b>freezes</b> (token to lease expiry; the stripe is frozen while any token is
 * unexpired). Reads and repair writes never pass the gate.
 *
 * <p>A mutation holds its volume's gate lock shared from {@link #enter} until it closes the {@link
 * Permit}; {@link #freeze} and {@link #raiseFloor} take it exclusively. So once either returns, no
 * mutation admitted under the old state is still running, and every later one sees the new state.
 *
 * <p>The floors live in {@code directory/placement-floors} (text, one {@code <volume> <floor>} per
 * line), replaced atomically (temp file, fsync, rename, fsync directory) before a raised floor is
 * acted on. The freezes live beside them in {@code directory/placement-freezes} (one {@code
 * <volume> <stripe> <lease-end-millis> <token>} per line, the lease end in the clock's epoch
 * millis, the token URL-encoded), replaced the same way before {@link #freeze} returns and after a
 * release: a brick restarted during a unit move keeps refusing old-map writes to the frozen stripe
 * until the server releases it or its lease ends. Freezes whose lease ended are dropped when the
 * gate opens. Freezes are rare (unit moves only), so rewriting the whole file each time is cheap.
 *
 * <p>Thread-safe. The clock (for leases) is injected.
 */
public final class PlacementGate {
  private static final System.Logger LOG = System.getLogger(PlacementGate.class.getName());

  /** File of the floors in the gate's directory. */
  static final String FILE = "placement-floors";

  /** File of the freezes in the gate's directory. */
  static final String FREEZES_FILE = "placement-freezes";

  /**
   * Shortest and longest freeze lease: shorter than a second cannot cover one copy round trip;
   * longer than 10 minutes would let a forgotten freeze stall writers for too long.
   */
  public static final Duration MIN_LEASE = Duration.ofSeconds(1);

  public static final Duration MAX_LEASE = Duration.ofMinutes(10);

  /**
   * How long {@link #freeze} and {@link #raiseFloor} wait for in-flight mutations: a healthy brick
   * finishes one in milliseconds, so this only trips on a stuck disk.
   */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

  private final Path directory; // null: floors are not persisted (tests, embedded bricks)
  private final Clock clock;
  private final Map<UUID, Long> floors = new ConcurrentHashMap<>();
  private final Map<UUID, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
  // volume -> stripe -> token -> lease end (clock millis); guarded by the volume's lock
  private final Map<UUID, Map<Long, Map<String, Long>>> freezes = new ConcurrentHashMap<>();

  private PlacementGate(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * Opens the gate whose floors and freezes persist in {@code directory} (created if missing).
   * Freezes whose lease has ended by {@code clock} are dropped.
   *
   * @throws UncheckedIOException the floors or freezes file cannot be read or is damaged: the brick
   *     must not serve, since it could accept writes of an old placement
   */
  public static PlacementGate open(Path directory, Clock clock) {
    PlacementGate gate = new PlacementGate(directory, clock);
    Path file = directory.resolve(FILE);
    try {
      Files.createDirectories(directory);
      if (Files.exists(file)) {
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          n++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] parts = line.trim().split("\\s+");
          try {
            if (parts.length != 2) {
              throw new IllegalArgumentException("expected '<volume-uuid> <floor>'");
            }
            gate.floors.merge(UUID.fromString(parts[0]), Long.parseLong(parts[1]), Math::max);
          } catch (IllegalArgumentException e) {
            throw new IOException(
                file + " line " + n + " '" + line + "' is damaged (" + e.getMessage() + ")", e);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load placement floors from " + file + ": " + e.getMessage(), e);
    }
    gate.loadFreezes();
    return gate;
  }

  /** Reads the persisted freezes, keeping those whose lease has not ended. */
  private void loadFreezes() {
    Path file = directory.resolve(FREEZES_FILE);
    if (!Files.exists(file)) {
      return;
    }
    long now = clock.millis();
    int kept = 0;
    int lapsed = 0;
    try {
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        try {
          if (parts.length != 4) {
            throw new IllegalArgumentException(
                "expected '<volume-uuid> <stripe> <lease-end-millis> <token>'");
          }
          UUID volume = UUID.fromString(parts[0]);
          long stripe = Long.parseLong(parts[1]);
          long until = Long.parseLong(parts[2]);
          String token = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
          if (stripe < 0 || token.isEmpty()) {
            throw new IllegalArgumentException("negative stripe or empty token");
          }
          if (until <= now) {
            lapsed++;
            continue;
          }
          // A lease never runs longer than MAX_LEASE from now, even if the clock went back.
          until = Math.min(until, now + MAX_LEASE.toMillis());
          freezes
              .computeIfAbsent(volume, v -> new ConcurrentHashMap<>())
              .computeIfAbsent(stripe, s -> new ConcurrentHashMap<>())
              .merge(token, until, Math::max);
          kept++;
        } catch (IllegalArgumentException e) {
          throw new IOException(
              file
                  + " line "
                  + n
                  + " '"
                  + line
                  + "' is damaged ("
                  + e.getMessage()
                  + "); a brick down longer than "
                  + MAX_LEASE.toMinutes()
                  + " min holds no live freeze and may delete the file",
              e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load stripe freezes from " + file + ": " + e.getMessage(), e);
    }
    if (kept + lapsed > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "stripe freezes reloaded from {0}: {1} still held, {2} lapsed while the brick was down",
          file,
          kept,
          lapsed);
    }
  }

  /**
   * A gate whose floors are not persisted: for services built without a data directory (embedded
   * test bricks). Never use it for a brick that restarts with its data.
   */
  public static PlacementGate inMemory(Clock clock) {
    return new PlacementGate(null, clock);
  }

  /** Held by a mutation while it runs; closing it lets freezes and floor raises proceed. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Admits a client mutation of {@code stripeIndex} of {@code volumeId} written by placement map
   * version {@code placementVersion}. The caller must close the permit (try-with-resources) when
   * the mutation finished, on the same thread.
   *
   * @throws PlacementChangedException the stripe is frozen or the version is below the floor;
   *     nothing is held then
   */
  public Permit enter(UUID volumeId, long stripeIndex, long placementVersion) {
    Lock shared = lockOf(volumeId).readLock();
    shared.lock();
    try {
      long floor = floor(volumeId);
      if (placementVersion < floor) {
        throw new PlacementChangedException(
            volumeId,
            stripeIndex,
            PlacementChangedException.Reason.BELOW_FLOOR,
            placementVersion,
            floor);
      }
      if (frozenLocked(volumeId, stripeIndex)) {
        throw new PlacementChangedException(
            volumeId,
            stripeIndex,
            PlacementChangedException.Reason.FROZEN,
            placementVersion,
            floor);
      }
    } catch (RuntimeException e) {
      shared.unlock();
      throw e;
    }
    return shared::unlock;
  }

  /** The volume's placement floor; 0 if never raised. */
  public long floor(UUID volumeId) {
    return floors.getOrDefault(volumeId, 0L);
  }

  /**
   * Raises the volume's floor to {@code floor} (durably, before returning) once every mutation in
   * flight has finished; a lower or equal floor changes nothing.
   *
   * @return the floor in force afterwards ({@code >= floor})
   * @throws IllegalStateException in-flight mutations did not finish within {@link #DRAIN_TIMEOUT}
   * @throws UncheckedIOException the floor could not be persisted; it is not raised
   */
  public long raiseFloor(UUID volumeId, long floor) {
    if (floor <= floor(volumeId)) {
      return floor(volumeId);
    }
    Lock exclusive = exclusive(volumeId, "raise the placement floor");
    try {
      long current = floor(volumeId);
      if (floor > current) {
        persistWith(volumeId, floor);
        floors.put(volumeId, floor);
        return floor;
      }
      return current;
    } finally {
      exclusive.unlock();
    }
  }

  /**
   * Freezes the stripe under {@code token} until {@code lease} from now (taking it again extends
   * it), once every mutation of the volume in flight has finished. The freeze is durable when this
   * returns: it survives a restart of the brick until released or its lease ends.
   *
   * @throws IllegalArgumentException the lease is outside {@link #MIN_LEASE}..{@link #MAX_LEASE}
   * @throws IllegalStateException in-flight mutations did not finish within {@link #DRAIN_TIMEOUT}
   * @throws UncheckedIOException the freeze could not be persisted; it is not taken (an earlier
   *     freeze of the same token keeps its lease)
   */
  public void freeze(UUID volumeId, long stripeIndex, String token, Duration lease) {
    if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
      throw new IllegalArgumentException(
          "freeze lease "
              + lease.toMillis()
              + " ms is outside "
              + MIN_LEASE.toMillis()
              + ".."
              + MAX_LEASE.toMillis()
              + " ms");
    }
    Lock exclusive = exclusive(volumeId, "freeze stripe " + stripeIndex);
    try {
      long until = clock.millis() + lease.toMillis();
      Map<String, Long> tokens =
          freezes
              .computeIfAbsent(volumeId, v -> new ConcurrentHashMap<>())
              .computeIfAbsent(stripeIndex, s -> new ConcurrentHashMap<>());
      Long before = tokens.put(token, until);
      try {
        persistFreezes();
      } catch (UncheckedIOException e) {
        if (before == null) {
          tokens.remove(token, until);
        } else {
          tokens.replace(token, until, before);
        }
        throw e;
      }
    } finally {
      exclusive.unlock();
    }
  }

  /**
   * Releases the stripe's freeze named {@code token}, if held, durably. Idempotent.
   *
   * @return whether the token held a freeze of the stripe
   */
  public boolean release(UUID volumeId, long stripeIndex, String token) {
    boolean released = releaseInMemory(volumeId, stripeIndex, token);
    if (released) {
      persistReleases();
    }
    return released;
  }

  private boolean releaseInMemory(UUID volumeId, long stripeIndex, String token) {
    Map<Long, Map<String, Long>> stripes = freezes.get(volumeId);
    Map<String, Long> tokens = stripes == null ? null : stripes.get(stripeIndex);
    // Empty token maps stay: removing one could lose a concurrent freeze's put into it.
    return tokens != null && tokens.remove(token) != null;
  }

  /**
   * Releases the volume's freezes named by any of {@code tokens}, whatever their stripe.
   *
   * @return how many freezes were released
   */
  public int releaseTokens(UUID volumeId, Collection<String> tokens) {
    Map<Long, Map<String, Long>> stripes = freezes.get(volumeId);
    if (stripes == null || tokens.isEmpty()) {
      return 0;
    }
    int released = 0;
    for (Long stripe : stripes.keySet()) {
      for (String token : tokens) {
        if (releaseInMemory(volumeId, stripe, token)) {
          released++;
        }
      }
    }
    if (released > 0) {
      persistReleases();
    }
    return released;
  }

  /** Whether the stripe is frozen now (some token's lease has not ended). */
  public boolean isFrozen(UUID volumeId, long stripeIndex) {
    return frozenLocked(volumeId, stripeIndex);
  }

  private boolean frozenLocked(UUID volumeId, long stripeIndex) {
    Map<Long, Map<String, Long>> stripes = freezes.get(volumeId);
    Map<String, Long> tokens = stripes == null ? null : stripes.get(stripeIndex);
    if (tokens == null || tokens.isEmpty()) {
      return false;
    }
    long now = clock.millis();
    tokens.values().removeIf(until -> until <= now); // lapsed leases
    return !tokens.isEmpty();
  }

  private Lock exclusive(UUID volumeId, String what) {
    Lock exclusive = lockOf(volumeId).writeLock();
    try {
      if (!exclusive.tryLock(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "cannot "
                + what
                + " of volume "
                + volumeId
                + ": mutations in flight did not finish within "
                + DRAIN_TIMEOUT.toSeconds()
                + " s; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    }
    return exclusive;
  }

  private ReentrantReadWriteLock lockOf(UUID volumeId) {
    return locks.computeIfAbsent(volumeId, v -> new ReentrantReadWriteLock());
  }

  /**
   * Persists the freezes after a release. A failure is logged, not thrown: the release holds in
   * memory, and after a restart the stale freeze only stalls the stripe's writers until its lease
   * ends (at most {@link #MAX_LEASE}), which is safe.
   */
  private void persistReleases() {
    try {
      persistFreezes();
    } catch (UncheckedIOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a released stripe freeze is still on disk ({0}); after a restart it holds until its"
              + " lease ends",
          e.getMessage());
    }
  }

  /** Writes every unexpired freeze, atomically and durably. */
  private synchronized void persistFreezes() {
    if (directory == null) {
      return;
    }
    long now = clock.millis();
    StringBuilder text =
        new StringBuilder(
            "# stripe freezes (ADR 0009): <volume> <stripe> <lease-end-epoch-millis> <token>\n");
    for (var volume : new TreeMap<>(freezes).entrySet()) {
      for (var stripe : new TreeMap<>(volume.getValue()).entrySet()) {
        for (var freeze : new TreeMap<>(stripe.getValue()).entrySet()) {
          if (freeze.getValue() > now) {
            text.append(volume.getKey()).append(' ').append(stripe.getKey()).append(' ');
            text.append(freeze.getValue()).append(' ');
            text.append(URLEncoder.encode(freeze.getKey(), StandardCharsets.UTF_8)).append('\n');
          }
        }
      }
    }
    try {
      DurableFiles.writeAtomically(
          directory.resolve(FREEZES_FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot persist stripe freezes", e);
      throw new UncheckedIOException(
          "cannot persist stripe freezes in "
              + directory
              + ": "
              + e.getMessage()
              + "; check the brick's data disk",
          e);
    }
  }

  /** Writes every floor with one changed entry, atomically and durably. */
  private synchronized void persistWith(UUID volumeId, long floor) {
    if (directory == null) {
      return;
    }
    Map<UUID, Long> copy = new TreeMap<>(floors);
    copy.put(volumeId, floor);
    StringBuilder text = new StringBuilder("# placement floor per volume (ADR 0009)\n");
    copy.forEach((v, f) -> text.append(v).append(' ').append(f).append('\n'));
    try {
      DurableFiles.writeAtomically(
          directory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot persist placement floor", e);
      throw new UncheckedIOException(
          "cannot persist placement floor "
              + floor
              + " of volume "
              + volumeId
              + " in "
              + directory
              + ": "
              + e.getMessage()
              + "; check the brick's data disk",
          e);
    }
  }
}
