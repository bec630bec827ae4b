package io.hyperblock.bridge.device;

import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MemoryBlockDeviceTest extends BlockDeviceContract {

  @Override
  BlockDevice create() {
    return new MemoryBlockDevice(SIZE);
  }
}
