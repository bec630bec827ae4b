package io.hyperblock.bridge.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.DeviceClosedException;
import io.hyperblock.bridge.device.DeviceIoException;
import io.hyperblock.bridge.device.DeviceRangeException;
import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportUnavailableException;
import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.VolumeUnavailableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VolumeExportResolverTest {

  private final List<FakeVolume> attached = new ArrayList<>();
  private final Map<String, Long> volumes = Map.of("vol", 1L << 20);
  private boolean refuseAttach;

  private final VolumeDirectory directory =
      name -> Optional.ofNullable(volumes.get(name)).map(size -> new ExportInfo(size, 4096, true));
  private final VolumeAttacher attacher =
      name -> {
        if (refuseAttach) {
          throw new ExportUnavailableException(name, "attached by host-b", null);
        }
        if (!volumes.containsKey(name)) {
          return Optional.empty();
        }
        FakeVolume v = new FakeVolume(name, volumes.get(name));
        attached.add(v);
        return Optional.of(v);
      };
  private final VolumeExportResolver resolver = new VolumeExportResolver(directory, attacher);

  @Test
  void describeNeverAttaches() {
    assertThat(resolver.describe("vol")).contains(new ExportInfo(1L << 20, 4096, true));
    assertThat(resolver.describe("nope")).isEmpty();
    assertThat(attached).isEmpty();
  }

  @Test
  void connectionsShareOneAttachmentAndTheLastCloseDetaches() {
    BlockDevice a = resolver.open("vol").orElseThrow();
    BlockDevice b = resolver.open("vol").orElseThrow();
    assertThat(attached).hasSize(1);
    assertThat(resolver.handles("vol")).isEqualTo(2);

    a.close();
    a.close(); // idempotent: does not release b's share
    assertThat(attached.getFirst().closed).isFalse();
    b.flush().join();
    assertThat(attached.getFirst().flushes).isEqualTo(1);

    b.close();
    assertThat(attached.getFirst().closed).isTrue();
    assertThat(resolver.handles("vol")).isZero();

    resolver.open("vol").orElseThrow().close();
    assertThat(attached).hasSize(2); // attached again after the detach
  }

  @Test
  void unknownVolumeAndEmptyNameAreNoExport() {
    assertThat(resolver.open("nope")).isEmpty();
    assertThat(resolver.open("")).isEmpty();
    assertThat(resolver.describe("")).isEmpty();
  }

  @Test
  void attachRefusedIsExportUnavailableAndLeavesNothingBehind() {
    refuseAttach = true;
    assertThatThrownBy(() -> resolver.open("vol"))
        .isInstanceOf(ExportUnavailableException.class)
        .hasMessageContaining("host-b");
    refuseAttach = false;
    resolver.open("vol").orElseThrow();
    assertThat(attached).hasSize(1);
  }

  @Test
  void fencedAttachmentIsReplacedOnTheNextOpen() {
    BlockDevice old = resolver.open("vol").orElseThrow();
    attached.getFirst().fenced = true;
    BlockDevice fresh = resolver.open("vol").orElseThrow();
    assertThat(attached).hasSize(2);
    old.close();
    assertThat(attached.get(0).closed).isTrue();
    assertThat(attached.get(1).closed).isFalse();
    fresh.close();
    assertThat(attached.get(1).closed).isTrue();
  }

  @Test
  void fuaWriteFlushesAfterTheWrite() {
    BlockDevice d = resolver.open("vol").orElseThrow();
    d.write(0, ByteBuffer.allocate(4096), true).join();
    assertThat(attached.getFirst().log).containsExactly("write 0+4096", "flush");
    d.writeZeroes(4096, 8192, true).join();
    assertThat(attached.getFirst().log).endsWith("zeroes 4096+8192", "flush");
  }

  @Test
  void failuresMapToTheBlockDeviceContract() {
    BlockDevice d = resolver.open("vol").orElseThrow();
    FakeVolume v = attached.getFirst();

    assertThatThrownBy(() -> d.read(1L << 20, ByteBuffer.allocate(1)).join())
        .hasCauseInstanceOf(DeviceRangeException.class);
    assertThat(v.log).isEmpty(); // rejected before anything was sent

    v.failure = new VolumeFencedException("epoch 7 < 8", null);
    assertThatThrownBy(() -> d.write(0, ByteBuffer.allocate(512), false).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(DeviceIoException.class)
        .hasMessageContaining("fenced");

    v.failure = new VolumeUnavailableException("3 of 6 bricks down", null);
    assertThatThrownBy(() -> d.read(0, ByteBuffer.allocate(512)).join())
        .hasCauseInstanceOf(DeviceIoException.class)
        .hasMessageContaining("3 of 6 bricks down");

    d.close();
    assertThatThrownBy(() -> d.flush().join()).hasCauseInstanceOf(DeviceClosedException.class);
  }

  @Test
  void closingTheResolverDetachesEverything() {
    resolver.open("vol").orElseThrow();
    resolver.close();
    assertThat(attached.getFirst().closed).isTrue();
  }

  /** Records calls; fails every operation with {@code failure} when set. */
  private static final class FakeVolume implements AttachedVolume {
    final String name;
    final long size;
    final List<String> log = new ArrayList<>();
    RuntimeException failure;
    boolean fenced;
    boolean closed;
    int flushes;

    FakeVolume(String name, long size) {
      this.name = name;
      this.size = size;
    }

    private CompletableFuture<Void> done(String what) {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      log.add(what);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long sizeBytes() {
      return size;
    }

    @Override
    public int preferredBlockSize() {
      return 4096;
    }

    @Override
    public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
      return done("read " + offset + "+" + dst.remaining());
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuffer src) {
      return done("write " + offset + "+" + src.remaining());
    }

    @Override
    public CompletableFuture<Void> flush() {
      flushes++;
      return done("flush");
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length) {
      return done("zeroes " + offset + "+" + length);
    }

    @Override
    public CompletableFuture<Void> trim(long offset, long length) {
      return done("trim " + offset + "+" + length);
    }

    @Override
    public boolean fenced() {
      return fenced;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
