package io.hyperblock.client.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Combinators for {@link CompletableFuture}s of the data path. */
public final class Futures {
  private Futures() {}

  /** The outcome of one settled future: a value or a failure (never both). */
  public record Outcome<T>(T value, Throwable failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * Completes, never exceptionally, when every future has settled, with their outcomes in order.
   */
  public static <T> CompletableFuture<List<Outcome<T>>> settleAll(
      List<CompletableFuture<T>> futures) {
    List<CompletableFuture<Outcome<T>>> wrapped = new ArrayList<>(futures.size());
    for (CompletableFuture<T> f : futures) {
      wrapped.add(f.handle((v, e) -> new Outcome<>(v, e == null ? null : unwrap(e))));
    }
    return CompletableFuture.allOf(wrapped.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Outcome<T>> out = new ArrayList<>(wrapped.size());
              for (CompletableFuture<Outcome<T>> w : wrapped) {
                out.add(w.join());
              }
              return out;
            });
  }

  /** Completes when all complete; fails with the first failure once all have settled. */
  public static CompletableFuture<Void> allOrFirstFailure(List<CompletableFuture<Void>> futures) {
    return settleAll(futures)
        .thenApply(
            outcomes -> {
              for (Outcome<Void> o : outcomes) {
                if (!o.ok()) {
                  throw new CompletionException(o.failure());
                }
              }
              return null;
            });
  }

  /** Strips the {@link CompletionException}/{@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** A future failed with {@code t}. */
  public static <T> CompletableFuture<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }
}
