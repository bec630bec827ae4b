package io.hyperblock.client.scenarios;

import io.hyperblock.client.VolumeClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Small helpers the scenarios share. */
final class Io {
  private Io() {}

  static byte[] random(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  static void write(VolumeClient c, long off, byte[] data) {
    c.write(off, ByteBuffer.allocateDirect(data.length).put(data).flip()).join();
  }

  static byte[] read(VolumeClient c, long off, int len) {
    ByteBuffer dst = ByteBuffer.allocate(len);
    c.read(off, dst).join();
    return dst.array();
  }

  /** Waits for {@code condition} with a deadline, failing the test when it passes. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      try {
        Thread.sleep(5); // polling a condition with a deadline, not waiting for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
