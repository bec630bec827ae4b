package io.hyperblock.bridge.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StaticExportRegistryTest {

  private final MemoryBlockDevice vol = new MemoryBlockDevice(4096);
  private final StaticExportRegistry registry =
      new StaticExportRegistry().add("b", new MemoryBlockDevice(1)).add("a", vol);

  @Test
  void listsExportsInRegistrationOrderAndResolvesOnlyKnownNames() {
    assertThat(registry.list()).containsExactly("b", "a");
    assertThat(registry.open("a")).isPresent();
    assertThat(registry.open("zzz")).isEmpty();
    assertThat(registry.open("")).isEmpty(); // no default export
    assertThat(registry.describe("a")).contains(new ExportInfo(4096, 4096, true));
    assertThat(registry.describe("zzz")).isEmpty();
  }

  @Test
  void closingAHandleLeavesTheSharedDeviceOpenForOthers() throws Exception {
    BlockDevice first = registry.open("a").orElseThrow();
    BlockDevice second = registry.open("a").orElseThrow();
    first.close();
    assertThatThrownBy(() -> first.flush().get()).hasCauseInstanceOf(DeviceClosedException.class);
    second.write(0, ByteBuffer.wrap(new byte[] {7}), false).get();
    assertThat(vol.snapshot(0, 1)).containsExactly(7);
  }

  @Test
  void rejectsDuplicateAndInvalidNames() {
    assertThatThrownBy(() -> registry.add("a", vol)).hasMessageContaining("already registered");
    assertThatThrownBy(() -> registry.add("", vol)).hasMessageContaining("empty");
    assertThatThrownBy(() -> registry.add("a\0b", vol)).hasMessageContaining("NUL");
    assertThatThrownBy(() -> registry.add("x".repeat(4097), vol)).hasMessageContaining("4096");
  }
}
