package io.hyperblock.bridge.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockDevice} contract, written once and bound to each implementation by a subclass
 * ({@code FileBlockDeviceTest}, {@code MemoryBlockDeviceTest}); the volume client's adapter should
 * bind it too.
 */
abstract class BlockDeviceContract {

  static final long SIZE = 1 << 20;

  BlockDevice device;

  /** A fresh, zero-filled device of {@link #SIZE} bytes. */
  abstract BlockDevice create() throws Exception;

  @BeforeEach
  void open() throws Exception {
    device = create();
  }

  @AfterEach
  void close() {
    device.close();
  }

  static byte[] random(long seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  byte[] read(long offset, int length) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(length);
    device.read(offset, dst).get();
    assertThat(dst.hasRemaining()).as("read fills the buffer").isFalse();
    return dst.array();
  }

  @Test
  void reportsItsSizeAndAPowerOfTwoPreferredBlockSize() {
    assertThat(device.size()).isEqualTo(SIZE);
    assertThat(Integer.bitCount(device.preferredBlockSize())).isEqualTo(1);
  }

  @Test
  void readsBackUnalignedWritesExactly() throws Exception {
    byte[] data = random(1, 10_000);
    device.write(4097, ByteBuffer.wrap(data), false).get();
    assertThat(read(4097, data.length)).isEqualTo(data);
    assertThat(read(4096, 1)).containsExactly(0);
    assertThat(read(4097 + data.length, 1)).containsExactly(0);
  }

  @Test
  void writeZeroesClearsExactlyTheRange() throws Exception {
    device.write(0, ByteBuffer.wrap(random(2, 8192)), false).get();
    device.writeZeroes(100, 5000, true).get();
    byte[] after = read(0, 8192);
    assertThat(after[99]).isNotZero().isEqualTo(random(2, 8192)[99]);
    for (int i = 100; i < 5100; i++) {
      assertThat(after[i]).as("byte %d", i).isZero();
    }
    assertThat(after[5100]).isEqualTo(random(2, 8192)[5100]);
  }

  @Test
  void rangesOutsideTheDeviceFailWithoutTouchingIt() throws Exception {
    var tooFar = device.write(SIZE - 1, ByteBuffer.wrap(new byte[2]), false);
    assertThatThrownBy(tooFar::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(DeviceRangeException.class);
    assertThatThrownBy(() -> device.read(-1, ByteBuffer.allocate(1)).get())
        .hasCauseInstanceOf(DeviceRangeException.class);
    assertThatThrownBy(() -> device.writeZeroes(0, SIZE + 1, false).get())
        .hasCauseInstanceOf(DeviceRangeException.class);
    assertThat(read(SIZE - 1, 1)).containsExactly(0);
  }

  @Test
  void manyConcurrentWritesAllLandAndFlushCovers() throws Exception {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      writes.add(device.write(i * 4096L, ByteBuffer.wrap(random(i, 4096)), i % 2 == 0));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
    device.flush().get();
    for (int i = 0; i < 64; i++) {
      assertThat(read(i * 4096L, 4096)).as("block %d", i).isEqualTo(random(i, 4096));
    }
  }

  @Test
  void trimIsAcceptedWithinRange() throws Exception {
    device.trim(0, SIZE).get();
    assertThatThrownBy(() -> device.trim(1, SIZE).get())
        .hasCauseInstanceOf(DeviceRangeException.class);
  }

  @Test
  void aClosedDeviceFailsWithDeviceClosed() {
    device.close();
    assertThatThrownBy(() -> device.read(0, ByteBuffer.allocate(1)).get())
        .hasCauseInstanceOf(DeviceClosedException.class);
  }
}
