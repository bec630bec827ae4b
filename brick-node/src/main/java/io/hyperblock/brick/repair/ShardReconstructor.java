package io.hyperblock.brick.repair;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.rows.RowMeta;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.rows.UnitKey;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.erasure.ErasureCodecs;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.protocol.v1.MarkStaleRequest;
import io.hyperblock.protocol.v1.ReadUnitRequest;
import io.hyperblock.protocol.v1.ReadUnitResponse;
import io.hyperblock.protocol.v1.RowServiceGrpc;
import io.hyperblock.protocol.v1.UnitRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reconstructs one EC shard row by row: reads the row's unit from every source in parallel, picks
 * the consistent version ({@link RowVersion}), decodes the missing unit from k consistent units and
 * writes it locally with the version's generation (parities: its vector) and no rollback record,
 * like a client repair write. Rows never written anywhere are skipped (they read as zeros at
 * generation 0, which is what the version says). A stale mark other units carry for the rebuilt
 * unit is cleared once the row is written. Memory: one row of k+m stripe units.
 */
final class ShardReconstructor {

  /** Deadline of one unit read: a healthy brick answers in milliseconds. */
  private static final long READ_DEADLINE_SECONDS = 30;

  private final RowStore rows;
  private final SourceChannels channels;

  ShardReconstructor(RowStore rows, SourceChannels channels) {
    this.rows = rows;
    this.channels = channels;
  }

  /**
   * @param skipUnresolved true (fenced rebuild, whose final row check settles them): leave a row
   *     without k consistent units as it is instead of failing; such a row is usually one a client
   *     is writing right now
   * @return bytes written
   * @throws StatusRuntimeException UNAVAILABLE if a row has fewer than k consistent readable units
   *     (unless skipUnresolved)
   */
  long reconstruct(RebuildSpec spec, TokenBucket bucket, Progress progress, boolean skipUnresolved)
      throws InterruptedException {
    int k = spec.dataUnits();
    int n = k + spec.parityUnits();
    int unit = spec.stripeUnit();
    int target = spec.shardIndex();
    ErasureCodec codec = ErasureCodecs.create(new ErasureCoded(k, spec.parityUnits()));
    ShardKey shard = new ShardKey(spec.volumeId(), spec.stripeIndex(), target);
    long rowCount = spec.unitBytes() / unit;
    var own = spec.sources().stream().filter(s -> s.shardIndex() == target).findFirst();
    if (own.isPresent()) {
      return copyRows(spec, own.get(), shard, rowCount, bucket, progress);
    }
    long written = 0;
    for (long row = 0; row < rowCount; row++) {
      bucket.acquire((long) unit * k); // network cost: k units read per unit rebuilt
      Read read = readRow(spec, spec.sources(), row, n, unit, false);
      RowVersion v = RowVersion.resolve(k, read.metas);
      UnitKey key = new UnitKey(shard, row, unit);
      if (v.count() < k && skipUnresolved) {
        progress.advance((row + 1) * unit, written);
        continue;
      }
      if (v.count() < k) {
        throw unresolved(row, shard, v, k, read);
      }
      if (v.neverWritten()) {
        if (rows.read(key, 0, 0, ByteBuffer.allocate(0)).generation() != 0) {
          writeUnit(key, ByteBuffer.allocate(unit), 0, new long[0], spec.epoch());
        }
      } else {
        ByteBuffer[] units = new ByteBuffer[n];
        boolean[] present = new boolean[n];
        boolean[] rebuild = new boolean[n];
        for (int u = 0; u < n; u++) {
          if ((v.consistent() & (1L << u)) != 0) {
            present[u] = true;
            units[u] = read.data[u];
          }
        }
        rebuild[target] = true;
        units[target] = ByteBuffer.allocate(unit);
        codec.reconstruct(units, present, rebuild, unit);
        units[target].clear();
        long[] vector = target < k ? new long[0] : v.vector();
        writeUnit(key, units[target], v.generationOf(target, k), vector, spec.epoch());
        written += unit;
      }
      if ((v.staleUnion() & (1L << target)) != 0) {
        clearStale(spec, spec.sources(), row, read, target);
      }
      progress.advance((row + 1) * unit, written);
    }
    rows.flush();
    return written;
  }

  private static StatusRuntimeException unresolved(
      long row, ShardKey shard, RowVersion v, int k, Read read) {
    return Status.UNAVAILABLE
        .withDescription(
            "row "
                + row
                + " of "
                + shard
                + " has "
                + v.count()
                + " consistent readable units, "
                + k
                + " are needed ("
                + read.errors
                + "); retry once more sources are UP")
        .asRuntimeException();
  }

  /**
   * The row check of a fenced catch-up and of EC delta resync (ADR 0009): for every row, resolves
   * the row's consistent version from the metadata of every other unit ({@code sources} and {@code
   * fence}, the old holder of this unit included while it is readable; metadata-only reads), and
   * rewrites the local unit where its generation (parities: and vector) differs from what that
   * version gives it: copied from the old holder if it is consistent, else decoded from k
   * consistent units. Rows torn by a client write the freeze cut short are settled the same way.
   *
   * @return bytes written: rows rewritten times the stripe unit
   * @throws StatusRuntimeException UNAVAILABLE if a row to check has fewer than k consistent
   *     readable units; nothing is rolled back, the server retries the task
   */
  long settle(RebuildSpec spec, TokenBucket bucket, Progress progress) throws InterruptedException {
    int k = spec.dataUnits();
    int n = k + spec.parityUnits();
    int unit = spec.stripeUnit();
    int target = spec.shardIndex();
    ErasureCodec codec = ErasureCodecs.create(new ErasureCoded(k, spec.parityUnits()));
    ShardKey shard = new ShardKey(spec.volumeId(), spec.stripeIndex(), target);
    long rowCount = spec.unitBytes() / unit;
    List<RebuildSpec.Source> peers = peers(spec);
    long written = 0;
    for (long row = 0; row < rowCount; row++) {
      UnitKey key = new UnitKey(shard, row, unit);
      Read metas = readRow(spec, peers, row, n, 0, true);
      RowVersion v = RowVersion.resolve(k, metas.metas);
      if (v.count() < k) {
        throw unresolved(row, shard, v, k, metas);
      }
      if (matches(rows.read(key, 0, 0, ByteBuffer.allocate(0)), v, target, k)) {
        progress.advance((row + 1) * unit, written);
        continue;
      }
      // Differs: read the row's data and resolve again from what was read with it.
      bucket.acquire((long) unit * k);
      Read read = readRow(spec, peers, row, n, unit, true);
      v = RowVersion.resolve(k, read.metas);
      if (v.count() < k) {
        throw unresolved(row, shard, v, k, read);
      }
      if (v.neverWritten()) {
        writeUnit(key, ByteBuffer.allocate(unit), 0, new long[0], spec.epoch());
      } else {
        ByteBuffer bytes;
        if ((v.consistent() & (1L << target)) != 0) {
          bytes = read.data[target]; // the old holder's unit is consistent: copy it
        } else {
          ByteBuffer[] units = new ByteBuffer[n];
          boolean[] present = new boolean[n];
          boolean[] rebuild = new boolean[n];
          for (int u = 0; u < n; u++) {
            if (u != target && (v.consistent() & (1L << u)) != 0) {
              present[u] = true;
              units[u] = read.data[u];
            }
          }
          rebuild[target] = true;
          units[target] = ByteBuffer.allocate(unit);
          codec.reconstruct(units, present, rebuild, unit);
          bytes = units[target].clear();
        }
        long[] vector = target < k ? new long[0] : v.vector();
        writeUnit(key, bytes, v.generationOf(target, k), vector, spec.epoch());
      }
      written += unit;
      if ((v.staleUnion() & (1L << target)) != 0) {
        clearStale(spec, peers, row, read, target);
      }
      progress.advance((row + 1) * unit, written);
    }
    rows.flush();
    return written;
  }

  /** Whether the local unit already is what version {@code v} gives unit {@code target}. */
  private static boolean matches(RowMeta local, RowVersion v, int target, int k) {
    if (v.neverWritten()) {
      return local.generation() == 0;
    }
    return local.generation() == v.generationOf(target, k)
        && (target < k || Arrays.equals(local.vector(), v.vector()));
  }

  /** The sources and the fence, one entry per address (sources first). */
  private static List<RebuildSpec.Source> peers(RebuildSpec spec) {
    Map<String, RebuildSpec.Source> byAddress = new LinkedHashMap<>();
    for (RebuildSpec.Source s : spec.sources()) {
      byAddress.putIfAbsent(s.address(), s);
    }
    for (RebuildSpec.Source s : spec.fence()) {
      byAddress.putIfAbsent(s.address(), s);
    }
    return new ArrayList<>(byAddress.values());
  }

  /**
   * Moves a readable unit (drain, rebalance) row by row with its row metadata: bytes, generation
   * and, for a parity, its vector; rows never written are skipped.
   */
  private long copyRows(
      RebuildSpec spec,
      RebuildSpec.Source source,
      ShardKey shard,
      long rowCount,
      TokenBucket bucket,
      Progress progress)
      throws InterruptedException {
    int unit = spec.stripeUnit();
    long written = 0;
    for (long row = 0; row < rowCount; row++) {
      bucket.acquire(unit);
      ReadUnitResponse r =
          RowServiceGrpc.newBlockingStub(channels.get(source.address()))
              .withDeadlineAfter(READ_DEADLINE_SECONDS, TimeUnit.SECONDS)
              .readUnit(
                  ReadUnitRequest.newBuilder()
                      .setUnit(ref(spec, source.shardIndex(), row))
                      .setLength(unit)
                      .build());
      UnitKey key = new UnitKey(shard, row, unit);
      long generation = r.getMeta().getGeneration();
      long[] vector =
          r.getMeta().getDataGenerationsList().stream().mapToLong(Long::longValue).toArray();
      boolean local = rows.read(key, 0, 0, ByteBuffer.allocate(0)).generation() != 0;
      if (generation != 0 || local) {
        writeUnit(key, r.getData().asReadOnlyByteBuffer(), generation, vector, spec.epoch());
        written += unit;
      }
      progress.advance((row + 1) * unit, written);
    }
    rows.flush();
    return written;
  }

  private void writeUnit(UnitKey key, ByteBuffer data, long generation, long[] vector, long epoch) {
    rows.write(key, 0, data, epoch, false, 0, generation, vector, 0, false);
  }

  private record Read(RowVersion.Meta[] metas, ByteBuffer[] data, String errors) {}

  /**
   * Reads one row's unit from every brick of {@code from} in parallel: metadata, and {@code length}
   * bytes of data (0: metadata only, rows.proto ReadUnit). The first answer per unit index counts;
   * the target's own index only {@code withTarget} (its old holder, while it is still readable).
   */
  private Read readRow(
      RebuildSpec spec,
      List<RebuildSpec.Source> from,
      long row,
      int n,
      int length,
      boolean withTarget)
      throws InterruptedException {
    RowVersion.Meta[] metas = new RowVersion.Meta[n];
    ByteBuffer[] data = new ByteBuffer[n];
    @SuppressWarnings("unchecked")
    ListenableFuture<ReadUnitResponse>[] calls = new ListenableFuture[from.size()];
    for (int i = 0; i < calls.length; i++) {
      RebuildSpec.Source s = from.get(i);
      calls[i] =
          RowServiceGrpc.newFutureStub(channels.get(s.address()))
              .withDeadlineAfter(READ_DEADLINE_SECONDS, TimeUnit.SECONDS)
              .readUnit(
                  ReadUnitRequest.newBuilder()
                      .setUnit(ref(spec, s.shardIndex(), row))
                      .setOffsetInUnit(0)
                      .setLength(length)
                      .build());
    }
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < calls.length; i++) {
      RebuildSpec.Source s = from.get(i);
      try {
        ReadUnitResponse r = calls[i].get(READ_DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
        int u = s.shardIndex();
        if (u < n && (withTarget || u != spec.shardIndex()) && metas[u] == null) {
          metas[u] =
              new RowVersion.Meta(
                  r.getMeta().getGeneration(),
                  r.getMeta().getDataGenerationsList().stream()
                      .mapToLong(Long::longValue)
                      .toArray(),
                  r.getMeta().getStaleMask());
          data[u] = r.getData().asReadOnlyByteBuffer();
        }
      } catch (ExecutionException | TimeoutException e) {
        errors.append("unit ").append(s.shardIndex()).append(" on ").append(s.address());
        errors.append(": ").append(Status.fromThrowable(e).getCode()).append("; ");
      }
    }
    return new Read(metas, data, errors.length() == 0 ? "all sources read" : errors.toString());
  }

  /** Clears the rebuilt unit's stale bit on the row's consistent units (best effort). */
  private void clearStale(
      RebuildSpec spec, List<RebuildSpec.Source> from, long row, Read read, int target) {
    for (RebuildSpec.Source s : from) {
      int u = s.shardIndex();
      if (u == target || u >= read.metas.length || read.metas[u] == null) {
        continue;
      }
      if ((read.metas[u].staleMask() & (1L << target)) == 0) {
        continue;
      }
      try {
        RowServiceGrpc.newBlockingStub(channels.get(s.address()))
            .withDeadlineAfter(READ_DEADLINE_SECONDS, TimeUnit.SECONDS)
            .markStale(
                MarkStaleRequest.newBuilder()
                    .setUnit(ref(spec, u, row))
                    .setClearMask(1L << target)
                    .setEpoch(spec.epoch())
                    .build());
      } catch (StatusRuntimeException e) {
        // The unit stays marked: readers keep reconstructing instead of reading it. Safe.
      }
    }
  }

  private static UnitRef ref(RebuildSpec spec, int shardIndex, long row) {
    return UnitRef.newBuilder()
        .setVolumeId(spec.volumeId().toString())
        .setStripeIndex(spec.stripeIndex())
        .setShardIndex(shardIndex)
        .setRow(row)
        .setStripeUnit(spec.stripeUnit())
        .build();
  }
}
