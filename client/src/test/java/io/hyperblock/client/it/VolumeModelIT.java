package io.hyperblock.client.it;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.ModelScenarios;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelScenarios} against real brick servers (stores on disk, gRPC on 127.0.0.1). */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class VolumeModelIT extends ModelScenarios {

  @TempDir Path dir;

  @Override
  protected ClusterFactory clusters() {
    return (policy, size, chunk, unit) ->
        new LocalCluster(policy, size, chunk, unit, dir.resolve(UUID.randomUUID().toString()));
  }

  @Override
  protected int seeds() {
    return Integer.getInteger("hb.model.seeds", 2);
  }

  @Override
  protected int rounds() {
    return 40;
  }
}
