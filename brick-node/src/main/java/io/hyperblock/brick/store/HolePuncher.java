package io.hyperblock.brick.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Linux {@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)} through the FFM API, so a
 * trim gives whole blocks back to the file system (they then read as zeros). Java has no API for
 * it. Where the call is unavailable (not Linux, a file system without hole punching, native access
 * denied) {@link #punch} returns false and the caller writes zeros instead.
 */
final class HolePuncher {
  private static final int O_WRONLY = 1;
  private static final int PUNCH_HOLE_KEEP_SIZE = 0x02 | 0x01;

  private static final Optional<HolePuncher> INSTANCE = create();

  private final MethodHandle open;
  private final MethodHandle fallocate;
  private final MethodHandle close;

  private HolePuncher(MethodHandle open, MethodHandle fallocate, MethodHandle close) {
    this.open = open;
    this.fallocate = fallocate;
    this.close = close;
  }

  static Optional<HolePuncher> instance() {
    return INSTANCE;
  }

  @SuppressWarnings("restricted") // native access is granted by brick.jvmArgs (README)
  private static Optional<HolePuncher> create() {
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      MethodHandle open =
          linker.downcallHandle(
              libc.find("open").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT),
              Linker.Option.firstVariadicArg(2));
      MethodHandle fallocate =
          linker.downcallHandle(
              libc.find("fallocate").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG));
      MethodHandle close =
          linker.downcallHandle(
              libc.find("close").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      return Optional.of(new HolePuncher(open, fallocate, close));
    } catch (RuntimeException | Error e) {
      return Optional.empty();
    }
  }

  /** Deallocates {@code [offset, offset + length)} of {@code file}; false if it could not. */
  boolean punch(Path file, long offset, long length) {
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) open.invokeExact(arena.allocateFrom(file.toString()), O_WRONLY, 0);
      if (fd < 0) {
        return false;
      }
      try {
        return (int) fallocate.invokeExact(fd, PUNCH_HOLE_KEEP_SIZE, offset, length) == 0;
      } finally {
        int ignored = (int) close.invokeExact(fd);
      }
    } catch (Throwable t) {
      return false;
    }
  }
}
