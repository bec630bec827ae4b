package io.hyperblock.systest;

import io.hyperblock.client.VolumeClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client I/O kept running while the cluster changes underneath: one thread writes random 64 KiB
 * blocks of a volume through one {@link VolumeClient} (unless read-only) and reads a random block
 * after each write, comparing with a shadow copy of everything acknowledged. Every failed or
 * mismatching operation is recorded, so a test can assert that the volume stayed readable, writable
 * and correct throughout.
 */
final class VolumeLoad implements AutoCloseable {
  private static final int BLOCK = 64 << 10;

  private final VolumeClient client;
  private final byte[] shadow;
  private final Random random;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
  private final boolean write;
  private final Thread thread;

  /**
   * @param initial the volume's contents now (acknowledged and flushed); the shadow starts from it
   * @param write false to only read
   */
  VolumeLoad(VolumeClient client, byte[] initial, long seed, boolean write) {
    this.client = client;
    this.write = write;
    this.shadow = initial.clone();
    this.random = new Random(seed);
    this.thread = Thread.ofPlatform().name("volume-load").daemon().start(this::run);
  }

  private void run() {
    int blocks = shadow.length / BLOCK;
    byte[] buf = new byte[BLOCK];
    while (!stop.get()) {
      int w = random.nextInt(blocks);
      random.nextBytes(buf);
      try {
        if (write) {
          client.write((long) w * BLOCK, ByteBuffer.wrap(buf)).join();
          System.arraycopy(buf, 0, shadow, w * BLOCK, BLOCK);
          writes.incrementAndGet();
        }
        int r = random.nextInt(blocks);
        ByteBuffer got = ByteBuffer.allocate(BLOCK);
        client.read((long) r * BLOCK, got).join();
        reads.incrementAndGet();
        if (!Arrays.equals(got.array(), 0, BLOCK, shadow, r * BLOCK, r * BLOCK + BLOCK)) {
          errors.add("block " + r + " read back different bytes than last written");
        }
      } catch (RuntimeException e) {
        errors.add("block " + w + ": " + e);
      }
    }
  }

  /** Writes acknowledged so far. */
  long writes() {
    return writes.get();
  }

  long reads() {
    return reads.get();
  }

  /** Failed or mismatching operations so far. */
  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  /** Stops the thread and flushes; returns the acknowledged contents. */
  byte[] stopAndFlush() throws InterruptedException {
    stop.set(true);
    thread.join(60_000);
    client.flush().join();
    return shadow.clone();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(60_000);
    client.close();
  }
}
