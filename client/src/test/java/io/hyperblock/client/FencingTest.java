package io.hyperblock.client;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.FencingScenarios;
import io.hyperblock.client.testing.InMemoryCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** {@link FencingScenarios} over in-memory bricks. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FencingTest extends FencingScenarios {
  @Override
  protected ClusterFactory clusters() {
    return InMemoryCluster::new;
  }
}
