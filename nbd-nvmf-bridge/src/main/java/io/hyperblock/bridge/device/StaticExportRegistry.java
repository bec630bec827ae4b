package io.hyperblock.bridge.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fixed set of named devices, shared by every connection: {@link #open} hands out a borrowed
 * handle whose {@code close()} leaves the device open. The registry owns the devices and closes
 * them in {@link #close()}. Used by tests and for exporting local files.
 *
 * <p>Because all handles share one device, a flush through any handle covers writes through all of
 * them whenever the device itself says so ({@link BlockDevice#multiConnectionSafe()}).
 */
public final class StaticExportRegistry implements ExportResolver, AutoCloseable {

  private final Map<String, BlockDevice> devices = new ConcurrentHashMap<>();
  private final List<String> names = new CopyOnWriteArrayList<>();

  /**
   * Adds an export.
   *
   * @throws IllegalArgumentException if the name is empty, longer than 4096 UTF-8 bytes, contains
   *     NUL, or is already registered
   */
  public synchronized StaticExportRegistry add(String name, BlockDevice device) {
    Objects.requireNonNull(device, "device");
    ExportNames.requireValid(name);
    if (devices.putIfAbsent(name, device) != null) {
      throw new IllegalArgumentException("export '" + name + "' is already registered");
    }
    names.add(name);
    return this;
  }

  @Override
  public Optional<BlockDevice> open(String name) {
    BlockDevice device = devices.get(name);
    return device == null ? Optional.empty() : Optional.of(new BorrowedBlockDevice(device));
  }

  @Override
  public Optional<ExportInfo> describe(String name) {
    return Optional.ofNullable(devices.get(name)).map(ExportInfo::of);
  }

  @Override
  public List<String> list() {
    return List.copyOf(names);
  }

  /** Closes every registered device. */
  @Override
  public synchronized void close() {
    devices.values().forEach(BlockDevice::close);
  }
}
