package io.hyperblock.client;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.WriteHoleScenarios;
import io.hyperblock.client.testing.InMemoryCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** {@link WriteHoleScenarios} over in-memory bricks. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteHoleTest extends WriteHoleScenarios {
  @Override
  protected ClusterFactory clusters() {
    return InMemoryCluster::new;
  }
}
