package io.hyperblock.bench;

import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.erasure.ErasureCodecs;
import io.hyperblock.core.erasure.ErasureCodecs.Implementation;
import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon encode and reconstruct: our scalar codec, our vector codec and Backblaze
 * JavaReedSolomon side by side, over the same byte arrays.
 *
 * <p>Run (JDK 25; the system {@code java} here is 17, and JMH forks with the launching JVM; the
 * fork gets {@code --add-modules jdk.incubator.vector} from {@code @Fork}):
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar ErasureCodecBenchmark
 * # smoke: ... ErasureCodecBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s -p profile=4+2 -p unitSize=1048576
 * # direct buffers for our codecs: -p memory=direct
 * </pre>
 *
 * <p>Throughput: the {@code dataBytes} secondary result is stripe data bytes (k x unitSize per
 * operation) per second, for both encode and reconstruct; divide by 1e9 for GB/s. Reconstruct loses
 * the first m data units (2 for 4+2, 3 for 8+3, 4 for 8+4), the worst case: every rebuilt byte
 * needs a full k-term dot product. Our codec caches the decode matrix per erasure pattern;
 * Backblaze's inverts it on every call (that is part of its cost, negligible at these sizes).
 *
 * <p>Setup cross-checks that both our codecs write exactly Backblaze's parity bytes and fails the
 * run otherwise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ErasureCodecBenchmark {

  @Param({"4+2", "8+3", "8+4"})
  public String profile;

  @Param({"65536", "1048576"})
  public int unitSize;

  @Param({"scalar", "vector", "backblaze"})
  public String impl;

  /** Buffer kind for our codecs (Backblaze always uses byte[]): heap or direct. */
  @Param({"heap"})
  public String memory;

  private int k;
  private int m;
  private ErasureCodec codec;
  private BackblazeReedSolomon backblaze;
  private byte[][] shards;
  private ByteBuffer[] units;
  private ByteBuffer[] data;
  private ByteBuffer[] parity;
  private boolean[] present;

  /** Counts stripe data bytes so JMH reports them per second next to ops/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class DataBytes {
    public long dataBytes;

    @Setup(Level.Iteration)
    public void reset() {
      dataBytes = 0;
    }
  }

  @Setup
  public void setUp() {
    String[] km = profile.split("\\+");
    k = Integer.parseInt(km[0]);
    m = Integer.parseInt(km[1]);
    ErasureCoded policy = new ErasureCoded(k, m);
    shards = new byte[k + m][unitSize];
    Random random = new Random(42);
    for (int i = 0; i < k; i++) {
      random.nextBytes(shards[i]);
    }
    backblaze = new BackblazeReedSolomon(k, m);
    backblaze.encodeParity(shards, 0, unitSize);
    units = new ByteBuffer[k + m];
    for (int i = 0; i < k + m; i++) {
      units[i] =
          memory.equals("direct")
              ? ByteBuffer.allocateDirect(unitSize).put(0, shards[i])
              : ByteBuffer.wrap(shards[i]);
    }
    data = Arrays.copyOfRange(units, 0, k);
    parity = Arrays.copyOfRange(units, k, k + m);
    crossCheck(policy, Implementation.SCALAR);
    crossCheck(policy, Implementation.VECTOR);
    codec =
        switch (impl) {
          case "scalar" -> ErasureCodecs.create(policy, Implementation.SCALAR);
          case "vector" -> ErasureCodecs.create(policy, Implementation.VECTOR);
          case "backblaze" -> null;
          default -> throw new IllegalArgumentException("impl must be scalar|vector|backblaze");
        };
    present = new boolean[k + m];
    Arrays.fill(present, m, k + m, true); // units 0..m-1 (data) lost
  }

  private void crossCheck(ErasureCoded policy, Implementation implementation) {
    ErasureCodec candidate = ErasureCodecs.create(policy, implementation);
    ByteBuffer[] out = new ByteBuffer[m];
    for (int j = 0; j < m; j++) {
      out[j] = ByteBuffer.allocate(unitSize);
    }
    candidate.encode(data, out, unitSize);
    for (int j = 0; j < m; j++) {
      if (!Arrays.equals(out[j].array(), shards[k + j])) {
        throw new IllegalStateException(candidate + " parity " + j + " differs from Backblaze's");
      }
    }
  }

  @Benchmark
  public ByteBuffer[] encode(DataBytes counter) {
    if (codec == null) {
      backblaze.encodeParity(shards, 0, unitSize);
    } else {
      codec.encode(data, parity, unitSize);
    }
    counter.dataBytes += (long) k * unitSize;
    return parity;
  }

  @Benchmark
  public ByteBuffer[] reconstruct(DataBytes counter) {
    if (codec == null) {
      backblaze.decodeMissing(shards, present, 0, unitSize);
    } else {
      codec.reconstruct(units, present, unitSize);
    }
    counter.dataBytes += (long) k * unitSize;
    return units;
  }
}
