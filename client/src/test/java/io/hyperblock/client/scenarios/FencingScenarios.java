package io.hyperblock.client.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A second attach bumps the epoch; the bricks then reject the first client's writes. */
public abstract class FencingScenarios {

  protected abstract ClusterFactory clusters();

  @ParameterizedTest
  @ValueSource(strings = {"R3", "EC_4_2"})
  void rejectsWritesOfAClientFencedByANewerAttach(String profile) {
    ProtectionPolicy policy = profile.equals("R3") ? Replicated.of(3) : ErasureCoded.parse(profile);
    try (TestCluster cluster = clusters().create(policy, 1 << 20, 1 << 16, 4096)) {
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a"));
      a.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3})).join();

      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));
      assertThat(b.epoch()).isGreaterThan(a.epoch());

      // fails on the bricks, or at once if a late replica answer already told the client
      assertThatThrownBy(() -> a.write(0, ByteBuffer.wrap(new byte[] {9, 9, 9})).join())
          .satisfies(e -> assertThat(Futures.unwrap(e)).isInstanceOf(VolumeFencedException.class));
      assertThatThrownBy(() -> a.write(10, ByteBuffer.wrap(new byte[] {9})))
          .isInstanceOf(VolumeFencedException.class);

      b.write(1, ByteBuffer.wrap(new byte[] {7})).join();
      assertThat(Io.read(b, 0, 4)).containsExactly(1, 7, 3, 0);
      b.close();
    }
  }
}
