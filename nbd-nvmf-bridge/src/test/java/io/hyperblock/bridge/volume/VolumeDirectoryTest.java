package io.hyperblock.bridge.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolumeDirectoryTest {

  @Test
  void ecVolumesPreferWholeRowsAndReplicatedOnesTheBrickBlock() {
    assertThat(VolumeDirectory.preferredBlockSize(new ErasureCoded(4, 2), 64 << 10))
        .isEqualTo(256 << 10);
    assertThat(VolumeDirectory.preferredBlockSize(new ErasureCoded(8, 3), 256 << 10))
        .as("a row above 1 MiB falls back to the stripe unit")
        .isEqualTo(256 << 10);
    assertThat(VolumeDirectory.preferredBlockSize(new ErasureCoded(3, 2), 64 << 10))
        .as("a row that is not a power of two falls back to the stripe unit")
        .isEqualTo(64 << 10);
    assertThat(VolumeDirectory.preferredBlockSize(new Replicated(3, 2, 1), 0)).isEqualTo(4096);
  }
}
