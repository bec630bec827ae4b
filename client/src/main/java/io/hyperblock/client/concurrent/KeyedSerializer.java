package io.hyperblock.client.concurrent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key, and tasks of different keys concurrently. A
 * task starts when the previous task of its key has completed (normally or not); no thread ever
 * blocks waiting. Used to serialize writes to one EC row within a client (and region repairs with
 * replicated writes) with no lock on the data path.
 *
 * <p>Tasks taking several keys must acquire them through {@link #runAll} (ascending order), which
 * cannot deadlock: a task waits on key k only while holding keys smaller than k.
 */
public final class KeyedSerializer<K extends Comparable<K>> {

  private final ConcurrentHashMap<K, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  /** Runs {@code task} after every earlier task of {@code key}; its future is the task's. */
  public <T> CompletableFuture<T> run(K key, Supplier<CompletableFuture<T>> task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = tails.put(key, done);
    CompletableFuture<Void> start =
        previous == null ? CompletableFuture.completedFuture(null) : previous;
    CompletableFuture<T> result = start.thenCompose(ignored -> task.get());
    result.whenComplete(
        (r, e) -> {
          tails.remove(key, done);
          done.complete(null);
        });
    return result;
  }

  /** Runs {@code task} holding every key of {@code sortedKeys} (ascending, no duplicates). */
  public <T> CompletableFuture<T> runAll(List<K> sortedKeys, Supplier<CompletableFuture<T>> task) {
    return runFrom(sortedKeys, 0, task);
  }

  private <T> CompletableFuture<T> runFrom(
      List<K> keys, int i, Supplier<CompletableFuture<T>> task) {
    if (i == keys.size()) {
      return task.get();
    }
    return run(keys.get(i), () -> runFrom(keys, i + 1, task));
  }

  /** Whether a task of {@code key} is running or queued. */
  public boolean isBusy(K key) {
    return tails.containsKey(key);
  }

  /** Keys with a running or queued task (for tests and metrics). */
  public int activeKeys() {
    return tails.size();
  }
}
