package io.hyperblock.client;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.ModelScenarios;
import io.hyperblock.client.testing.InMemoryCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ModelScenarios} over in-memory bricks: many seeds, fast ({@code -Dhb.model.seeds=200} for
 * a soak run).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VolumeModelTest extends ModelScenarios {
  @Override
  protected ClusterFactory clusters() {
    return InMemoryCluster::new;
  }

  @Override
  protected int seeds() {
    return Integer.getInteger("hb.model.seeds", 8); // raise for a soak run
  }

  @Override
  protected int rounds() {
    return 60;
  }
}
