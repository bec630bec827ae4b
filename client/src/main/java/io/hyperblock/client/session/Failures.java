package io.hyperblock.client.session;

import io.hyperblock.client.brick.BrickCorruptDataException;
import io.hyperblock.client.brick.BrickFencedException;
import io.hyperblock.client.brick.BrickPlacementChangedException;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.fault.InjectedCrashException;

/** Classifies failures of brick calls. */
public final class Failures {
  private Failures() {}

  public static boolean isFenced(Throwable t) {
    return Futures.unwrap(t) instanceof BrickFencedException;
  }

  /** A brick refused a mutation for a placement change (ADR 0009): not a failure, retry. */
  public static boolean isPlacementChanged(Throwable t) {
    return Futures.unwrap(t) instanceof BrickPlacementChangedException;
  }

  public static boolean isCorrupt(Throwable t) {
    return Futures.unwrap(t) instanceof BrickCorruptDataException;
  }

  public static boolean isCrash(Throwable t) {
    return Futures.unwrap(t) instanceof InjectedCrashException;
  }
}
