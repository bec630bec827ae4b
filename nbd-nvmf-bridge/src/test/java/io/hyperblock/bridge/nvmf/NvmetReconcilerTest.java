package io.hyperblock.bridge.nvmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler against {@link FakeNvmetConfigfs}, a temporary directory that behaves like the
 * kernel's nvmet configfs tree (Linux {@code drivers/nvme/target/configfs.c}), including its
 * refusals of out-of-order operations.
 */
@Timeout(30)
class NvmetReconcilerTest {

  private static final String NQN1 = "nqn.2026-01.io.hyperblock:vol1";
  private static final String NQN2 = "nqn.2026-01.io.hyperblock:vol2";
  private static final NvmePort PORT = NvmePort.tcp(1, "127.0.0.1", 4420);

  @TempDir Path dir;
  private FakeNvmetConfigfs fs;
  private NvmetReconciler reconciler;

  @BeforeEach
  void setUp() throws IOException {
    fs = new FakeNvmetConfigfs(dir);
    reconciler = new NvmetReconciler(fs, nqn -> nqn.startsWith("nqn.2026-01.io.hyperblock:"));
  }

  private static NvmeExport export(String nqn, String device, NvmePort port) {
    return new NvmeExport(nqn.substring(nqn.indexOf(':') + 1), nqn, Path.of(device), 1, port);
  }

  private String attr(String path) throws IOException {
    return Files.readString(dir.resolve(path)).strip();
  }

  @Test
  void newExportCreatesSubsystemNamespaceAndLinkedPort() throws Exception {
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));

    assertThat(attr("subsystems/" + NQN1 + "/attr_allow_any_host")).isEqualTo("1");
    assertThat(attr("subsystems/" + NQN1 + "/namespaces/1/device_path")).isEqualTo("/dev/nbd0");
    assertThat(attr("subsystems/" + NQN1 + "/namespaces/1/enable")).isEqualTo("1");
    assertThat(attr("ports/1/addr_trtype")).isEqualTo("tcp");
    assertThat(attr("ports/1/addr_adrfam")).isEqualTo("ipv4");
    assertThat(attr("ports/1/addr_traddr")).isEqualTo("127.0.0.1");
    assertThat(attr("ports/1/addr_trsvcid")).isEqualTo("4420");
    Path link = dir.resolve("ports/1/subsystems/" + NQN1);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(dir.resolve("subsystems/" + NQN1));
  }

  @Test
  void reconcilingTheSameExportsAgainChangesNothing() throws Exception {
    var exports = List.of(export(NQN1, "/dev/nbd0", PORT), export(NQN2, "/dev/nbd1", PORT));
    assertThat(reconciler.reconcile(exports)).isNotEmpty();
    int operations = fs.log.size();
    assertThat(reconciler.reconcile(exports)).isEmpty();
    assertThat(fs.log).hasSize(operations);
  }

  @Test
  void staleExportIsUnlinkedThenDisabledThenRemoved() throws Exception {
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT), export(NQN2, "/dev/nbd1", PORT)));
    fs.log.clear();

    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));

    String sub2 = "subsystems/" + NQN2;
    assertThat(fs.log)
        .containsExactly(
            "unlink ports/1/subsystems/" + NQN2,
            "write " + sub2 + "/namespaces/1/enable=0",
            "rmdir " + sub2 + "/namespaces/1",
            "rmdir " + sub2);
    assertThat(dir.resolve(sub2)).doesNotExist();
    assertThat(dir.resolve("subsystems/" + NQN1)).isDirectory();
  }

  @Test
  void staleSubsystemLosesItsAllowedHostLinksBeforeRemoval() throws Exception {
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));
    // An operator restricted access by hand: hosts/<hostnqn> linked into allowed_hosts.
    String host = "nqn.2014-08.org.nvmexpress:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    Files.createDirectory(dir.resolve("hosts").resolve(host));
    Files.createSymbolicLink(
        dir.resolve("subsystems/" + NQN1 + "/allowed_hosts/" + host), dir.resolve("hosts/" + host));
    fs.log.clear();

    reconciler.reconcile(List.of());

    assertThat(fs.log)
        .containsSubsequence(
            "unlink subsystems/" + NQN1 + "/allowed_hosts/" + host, "rmdir subsystems/" + NQN1);
    assertThat(fs.list(Path.of("subsystems"))).isEmpty();
  }

  @Test
  void removingEveryExportLeavesAnEmptyTree() throws Exception {
    reconciler.reconcile(
        List.of(
            export(NQN1, "/dev/nbd0", PORT),
            export(NQN2, "/dev/nbd1", NvmePort.tcp(2, "127.0.0.1", 4421))));
    reconciler.reconcile(List.of());
    assertThat(fs.list(Path.of("subsystems"))).isEmpty();
    assertThat(fs.list(Path.of("ports"))).isEmpty();
  }

  @Test
  void namespaceIsDisabledBeforeItsDeviceChanges() throws Exception {
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));
    fs.log.clear();
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd7", PORT)));
    String ns = "subsystems/" + NQN1 + "/namespaces/1";
    assertThat(fs.log)
        .containsExactly(
            "write " + ns + "/enable=0",
            "write " + ns + "/device_path=/dev/nbd7",
            "write " + ns + "/enable=1");
  }

  @Test
  void portAddressChangesOnlyWhileNoSubsystemIsLinked() throws Exception {
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));
    fs.log.clear();
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", NvmePort.tcp(1, "10.0.0.9", 4420))));
    assertThat(fs.log)
        .containsExactly(
            "unlink ports/1/subsystems/" + NQN1,
            "write ports/1/addr_traddr=10.0.0.9",
            "symlink ports/1/subsystems/" + NQN1);
  }

  @Test
  void subsystemsOwnedByOthersAndTheirPortsAreLeftAlone() throws Exception {
    String foreign = "nqn.2014-08.org.example:other";
    new NvmetReconciler(fs, nqn -> true)
        .reconcile(List.of(export(foreign, "/dev/sdz", NvmePort.tcp(9, "127.0.0.1", 4430))));
    reconciler.reconcile(List.of(export(NQN1, "/dev/nbd0", PORT)));
    reconciler.reconcile(List.of());
    assertThat(fs.list(Path.of("subsystems"))).containsExactly(foreign);
    assertThat(fs.list(Path.of("ports"))).containsExactly("9");
  }

  @Test
  void contradictoryExportsAreRejectedBeforeAnythingChanges() {
    var clash =
        List.of(
            export(NQN1, "/dev/nbd0", PORT),
            export(NQN2, "/dev/nbd1", NvmePort.tcp(1, "10.0.0.1", 4420)));
    assertThatThrownBy(() -> reconciler.reconcile(clash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port 1");
    assertThat(fs.log).isEmpty();
  }

  @Test
  void aRefusedStepStopsTheRunAndTheNextRunFinishesTheJob() throws Exception {
    var exports = List.of(export(NQN1, "/dev/nbd0", PORT), export(NQN2, "/dev/nbd1", PORT));
    fs.failOperation(4);
    assertThatThrownBy(() -> reconciler.reconcile(exports))
        .isInstanceOfSatisfying(
            NvmetReconcileException.class,
            e -> {
              assertThat(e.applied()).hasSize(4);
              assertThat(e.failedAction()).isNotNull();
            });
    reconciler.reconcile(exports);
    assertThat(reconciler.reconcile(exports)).isEmpty();
    assertThat(fs.list(Path.of("ports", "1", "subsystems"))).containsExactly(NQN1, NQN2);
  }

  @Test
  void missingNvmetTreeIsReportedAsNotLoaded() {
    var absent = new NvmetReconciler(dir.resolve("no-such-nvmet"));
    assertThatThrownBy(() -> absent.reconcile(List.of()))
        .isInstanceOf(NvmetReconcileException.class)
        .hasMessageContaining("nvmet module loaded");
  }
}
