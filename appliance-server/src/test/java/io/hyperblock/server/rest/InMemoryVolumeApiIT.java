package io.hyperblock.server.rest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InMemoryVolumeApiIT extends VolumeApiContract {

  @Override
  protected ApiServices startServices(Path dir) {
    return InMemoryServices.start();
  }
}
