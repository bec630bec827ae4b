package io.hyperblock.bridge.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FileBlockDeviceTest extends BlockDeviceContract {

  @TempDir Path dir;

  @Override
  BlockDevice create() throws Exception {
    return FileBlockDevice.create(dir.resolve("disk.img"), SIZE);
  }

  @Test
  void flushedDataAndSizeSurviveReopening() throws Exception {
    byte[] data = random(9, 5000);
    device.write(SIZE - data.length, ByteBuffer.wrap(data), false).get();
    device.flush().get();
    device.close();
    assertThat(Files.size(dir.resolve("disk.img"))).isEqualTo(SIZE);
    device = FileBlockDevice.open(dir.resolve("disk.img"));
    assertThat(device.size()).isEqualTo(SIZE);
    assertThat(read(SIZE - data.length, data.length)).isEqualTo(data);
  }

  @Test
  void sharedAcrossConnectionsBecauseFsyncCoversTheWholeFile() {
    assertThat(device.multiConnectionSafe()).isTrue();
  }
}
