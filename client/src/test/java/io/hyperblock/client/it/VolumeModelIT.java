package io.hyperblock.client.it;

import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.scenarios.ModelScenarios;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelScenarios} against brick processes ({@code BrickMain} JVMs, stores on disk, gRPC on
 * 127.0.0.1): bricks die by {@code kill -9} while requests are in flight and EC bricks come back on
 * new ports with their journals replayed. The bricks are shared by the policies (a volume per seed
 * on the first {@code unitsPerStripe} of them), so the class starts eleven JVMs plus restarts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VolumeModelIT extends ModelScenarios {

  @TempDir static Path dir;
  private static ProcessCluster bricks;

  @BeforeAll
  static void bricks() {
    bricks = new ProcessCluster(dir);
  }

  @AfterAll
  static void stopBricks() {
    if (bricks != null) {
      System.out.println("VolumeModelIT started " + bricks.starts() + " brick JVMs");
      bricks.close();
    }
  }

  @Override
  protected ClusterFactory clusters() {
    return bricks;
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
