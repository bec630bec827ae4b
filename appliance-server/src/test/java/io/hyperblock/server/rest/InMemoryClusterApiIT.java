package io.hyperblock.server.rest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InMemoryClusterApiIT extends ClusterApiContract {

  @Override
  protected ApiServices startServices(Path dir) {
    return InMemoryServices.start();
  }
}
