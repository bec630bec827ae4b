package io.hyperblock.client.fault;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A registry of named injection points for one client. Production code calls {@link #hit} at each
 * point; a test arms a point with a predicate over the {@link Site}, and the first hit it accepts
 * throws {@link InjectedCrashException} (each arming fires once).
 */
public final class FaultInjection {

  /**
   * EC row write: the data-unit writes of the row have been sent, the parity writes not yet. A
   * crash here leaves data units at the new generation and parities at the old one.
   */
  public static final String EC_AFTER_DATA_BEFORE_PARITY = "ec.write.afterDataBeforeParity";

  /** EC row write: about to send the write of unit {@link Site#unit()}. */
  public static final String EC_BEFORE_UNIT_WRITE = "ec.write.beforeUnitWrite";

  /**
   * EC row write: every unit write answered, stale marks and acknowledgement not done yet. A crash
   * here leaves a complete but uncommitted row (recovery must roll it forward).
   */
  public static final String EC_BEFORE_ACK = "ec.write.beforeAck";

  /** Replicated write: about to send the write to replica slot {@link Site#unit()}. */
  public static final String REPLICA_BEFORE_WRITE = "replica.write.beforeReplica";

  /**
   * Where a point was hit: stripe, row (0 for replicated) and unit or replica slot (-1 if none).
   */
  public record Site(long stripe, long row, int unit) {}

  /** Points disabled for good: the production default. */
  public static final FaultInjection NONE = new FaultInjection(false);

  private final boolean enabled;
  private final Map<String, Predicate<Site>> armed = new ConcurrentHashMap<>();

  private FaultInjection(boolean enabled) {
    this.enabled = enabled;
  }

  /** A registry whose points can be armed. */
  public static FaultInjection enabled() {
    return new FaultInjection(true);
  }

  /** Arms {@code point}: the first hit whose site satisfies {@code when} crashes. */
  public void arm(String point, Predicate<Site> when) {
    if (!enabled) {
      throw new IllegalStateException("FaultInjection.NONE cannot be armed; use enabled()");
    }
    armed.put(Objects.requireNonNull(point, "point"), Objects.requireNonNull(when, "when"));
  }

  /** Whether {@code point} is armed and not fired yet. */
  public boolean isArmed(String point) {
    return armed.containsKey(point);
  }

  /**
   * Called by the client at {@code point}.
   *
   * @throws InjectedCrashException if the point is armed and accepts {@code site}
   */
  public void hit(String point, long stripe, long row, int unit) {
    if (!enabled || armed.isEmpty()) {
      return;
    }
    Predicate<Site> when = armed.get(point);
    if (when != null && when.test(new Site(stripe, row, unit)) && armed.remove(point, when)) {
      throw new InjectedCrashException(point);
    }
  }
}
