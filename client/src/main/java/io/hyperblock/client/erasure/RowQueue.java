package io.hyperblock.client.erasure;

import io.hyperblock.client.concurrent.RegionKey;
import io.hyperblock.client.erasure.RowWriter.Part;
import io.hyperblock.core.layout.RowOp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces writes to one row: while a row update is in flight, later writes to the same row queue
 * up, and the next update applies all of them at once (in arrival order, later bytes winning) with
 * one read-modify-write and one generation. A sequential stream of small writes thus costs a few
 * row updates per row instead of one each, and every queued write is acknowledged with the update
 * that carries it. Updates run under the row's serializer, like reconstructing reads and repairs,
 * so those interleave fairly between batches.
 */
final class RowQueue {

  /** At most this many writes per update: bounds the work one batch holds the row for. */
  static final int MAX_BATCH = 64;

  private record Queued(Part part, CompletableFuture<Void> done) {}

  private final EcRows ec;
  private final RowWriter writer;
  private final ConcurrentHashMap<RegionKey, List<Queued>> queues = new ConcurrentHashMap<>();

  RowQueue(EcRows ec, RowWriter writer) {
    this.ec = ec;
    this.writer = writer;
  }

  CompletableFuture<Void> submit(long stripe, RowOp op, ByteBuffer src) {
    RegionKey key = new RegionKey(stripe, op.row());
    Queued q = new Queued(new Part(op, src), new CompletableFuture<>());
    boolean[] first = {false};
    queues.compute(
        key,
        (k, list) -> {
          if (list == null) {
            list = new ArrayList<>();
            first[0] = true; // nobody is draining this row: start a drain
          }
          list.add(q);
          return list;
        });
    if (first[0]) {
      schedule(stripe, key);
    }
    return q.done();
  }

  private void schedule(long stripe, RegionKey key) {
    ec.rows.run(key, () -> drain(stripe, key));
  }

  private CompletableFuture<Void> drain(long stripe, RegionKey key) {
    List<Queued> batch = new ArrayList<>();
    queues.compute(
        key,
        (k, list) -> {
          int n = Math.min(MAX_BATCH, list.size());
          batch.addAll(list.subList(0, n));
          list.subList(0, n).clear();
          return list; // an empty list still marks the row as being drained
        });
    List<Part> parts = new ArrayList<>(batch.size());
    batch.forEach(q -> parts.add(q.part()));
    CompletableFuture<Void> update;
    try {
      update = writer.write(stripe, parts);
    } catch (RuntimeException e) {
      update = CompletableFuture.failedFuture(e);
    }
    return update.handle(
        (v, e) -> {
          for (Queued q : batch) {
            if (e == null) {
              q.done().complete(null);
            } else {
              q.done().completeExceptionally(e);
            }
          }
          boolean[] more = {false};
          queues.compute(
              key,
              (k, list) -> {
                if (list.isEmpty()) {
                  return null;
                }
                more[0] = true;
                return list;
              });
          if (more[0]) {
            schedule(stripe, key); // behind any read or repair already waiting for the row
          }
          return null;
        });
  }
}
