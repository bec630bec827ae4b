package io.hyperblock.client;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.ModelScenarios;
import io.hyperblock.client.testing.InMemoryCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** {@link ModelScenarios} over in-memory bricks: many seeds, fast. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VolumeModelTest extends ModelScenarios {
  @Override
  protected ClusterFactory clusters() {
    return InMemoryCluster::new;
  }

  @Override
  protected int seeds() {
    return 8;
  }

  @Override
  protected int rounds() {
    return 60;
  }
}
