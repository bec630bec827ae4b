package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.MemoryBlockDevice;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A test double over {@link MemoryBlockDevice}: operations at a gated offset do not complete until
 * the test opens the gate, and every call is recorded ("write@0 fua", "flush"), so tests can hold
 * requests in flight and observe what the server asked the device to do.
 */
final class GatedBlockDevice implements BlockDevice {

  final MemoryBlockDevice memory;
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, CountDownLatch> arrivals = new ConcurrentHashMap<>();

  GatedBlockDevice(long size) {
    memory = new MemoryBlockDevice(size);
  }

  /** Operations at {@code offset} wait until {@link #open(long)}. */
  void gate(long offset) {
    gate(offset, 1);
  }

  /** As {@link #gate(long)}; {@link #awaitArrival} waits for {@code arrivals} operations. */
  void gate(long offset, int arrivals) {
    gates.put(offset, new CountDownLatch(1));
    this.arrivals.put(offset, new CountDownLatch(arrivals));
  }

  void open(long offset) {
    gates.get(offset).countDown();
  }

  /** Blocks until the expected operations (one by default) have arrived at the gated offset. */
  void awaitArrival(long offset) throws InterruptedException {
    arrivals.get(offset).await();
  }

  private CompletableFuture<Void> gated(
      long offset, String call, java.util.function.Supplier<CompletableFuture<Void>> op) {
    calls.add(call);
    CountDownLatch gate = gates.get(offset);
    if (gate == null) {
      return op.get();
    }
    arrivals.get(offset).countDown();
    return CompletableFuture.runAsync(
            () -> {
              try {
                gate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            r -> Thread.ofVirtual().start(r))
        .thenCompose(v -> op.get());
  }

  @Override
  public long size() {
    return memory.size();
  }

  @Override
  public int preferredBlockSize() {
    return 4096;
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return gated(offset, "read@" + offset, () -> memory.read(offset, dst));
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
    String call = "write@" + offset + (fua ? " fua" : "");
    return gated(offset, call, () -> memory.write(offset, src, fua));
  }

  @Override
  public CompletableFuture<Void> flush() {
    calls.add("flush");
    return memory.flush();
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return gated(offset, "trim@" + offset + "+" + length, () -> memory.trim(offset, length));
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
    String call = "zeroes@" + offset + "+" + length + (fua ? " fua" : "");
    return gated(offset, call, () -> memory.writeZeroes(offset, length, fua));
  }

  @Override
  public void close() {
    calls.add("close");
  }
}
