package io.hyperblock.bridge.nvmf;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Validation of exports and ports at the boundary, with messages naming the bad value. */
@Timeout(10)
class NvmeExportTest {

  private static final NvmePort PORT = NvmePort.tcp(1, "10.0.0.5", NvmePort.NVME_TCP_PORT);

  @Test
  void acceptsAWellFormedExport() {
    assertThatCode(
            () ->
                new NvmeExport(
                    "vol1", "nqn.2026-01.io.hyperblock:vol1", Path.of("/dev/nbd0"), 1, PORT))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsNqnsThatAreMalformedOrWouldEscapeTheTree() {
    for (String nqn : new String[] {"vol1", "nqn.2026-01.io.hyperblock", "nqn.2026-01.x:a/b"}) {
      assertThatThrownBy(() -> new NvmeExport("v", nqn, Path.of("/dev/nbd0"), 1, PORT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(nqn);
    }
    String tooLong = "nqn.2026-01.io.hyperblock:" + "x".repeat(200);
    assertThatThrownBy(() -> new NvmeExport("v", tooLong, Path.of("/dev/nbd0"), 1, PORT))
        .hasMessageContaining("223 bytes");
  }

  @Test
  void rejectsRelativeDevicesAndReservedNamespaceIds() {
    String nqn = "nqn.2026-01.io.hyperblock:v";
    assertThatThrownBy(() -> new NvmeExport("v", nqn, Path.of("dev/nbd0"), 1, PORT))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new NvmeExport("v", nqn, Path.of("/dev/nbd0"), 0, PORT))
        .hasMessageContaining("namespace id 0");
  }

  @Test
  void rejectsPortsWithBadIdsServicesTransportsOrAddresses() {
    assertThatThrownBy(() -> NvmePort.tcp(0, "10.0.0.5", 4420)).hasMessageContaining("port id 0");
    assertThatThrownBy(() -> NvmePort.tcp(1, "10.0.0.5", 70000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> new NvmePort(1, "10.0.0.5", 4420, "fc", "ipv4"))
        .hasMessageContaining("'fc'");
    assertThatThrownBy(() -> NvmePort.tcp(1, "node-1.example", 4420))
        .hasMessageContaining("ipv4 address");
    assertThatCode(() -> new NvmePort(1, "fd00::5", 4420, "tcp", "ipv6"))
        .doesNotThrowAnyException();
  }
}
