package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.bridge.device.DeviceClosedException;
import io.hyperblock.bridge.device.DeviceIoException;
import io.hyperblock.bridge.device.DeviceRangeException;
import io.hyperblock.core.units.DataSize;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typed configuration limits and the mapping of device failures to NBD error values. */
@Timeout(10)
class NbdConfigTest {

  @Test
  void defaultsListenOnLoopbackAtTheIanaPort() {
    NbdConfig c = NbdConfig.defaults();
    assertThat(c.bindAddress().isLoopbackAddress()).isTrue();
    assertThat(c.port()).isEqualTo(10809);
    assertThat(c.maxRequestSize()).isEqualTo(DataSize.parse("32MiB"));
  }

  @Test
  void rejectsValuesOutsideTheProtocolLimitsWithActionableMessages() {
    NbdConfig c = NbdConfig.defaults();
    assertThatThrownBy(() -> c.withPort(70000)).hasMessageContaining("0-65535");
    assertThatThrownBy(() -> c.withMaxConnections(0)).hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> c.withMaxRequestSize(DataSize.parse("64MiB")))
        .hasMessageContaining("[4KiB, 32MiB]");
    assertThatThrownBy(() -> c.withMaxRequestSize(DataSize.ofBytes(512)))
        .hasMessageContaining("[4KiB, 32MiB]");
    assertThatThrownBy(() -> c.withHandshakeTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
  }

  @Test
  void deviceFailuresMapToTheSpecErrorValues() {
    // "Error values": EINVAL 22, ENOSPC 28, EIO 5, ESHUTDOWN 108.
    var range = new CompletionException(new DeviceRangeException(0, 1, 0));
    assertThat(NbdError.of(range, false).code()).isEqualTo(22);
    assertThat(NbdError.of(range, true).code()).isEqualTo(28);
    assertThat(NbdError.of(new DeviceIoException("disk", null), true).code()).isEqualTo(5);
    assertThat(NbdError.of(new DeviceClosedException("gone"), false).code()).isEqualTo(108);
    assertThat(NbdError.of(new IllegalStateException("bug"), false)).isEqualTo(NbdError.EIO);
  }
}
