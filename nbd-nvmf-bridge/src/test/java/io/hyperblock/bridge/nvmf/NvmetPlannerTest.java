package io.hyperblock.bridge.nvmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pure planner: the exact plan for an empty tree reads like an nvmetcli session. */
@Timeout(10)
class NvmetPlannerTest {

  private static final NvmetState EMPTY = new NvmetState(new TreeMap<>(), new TreeMap<>());

  @Test
  void planForAnEmptyTreeCreatesSubsystemThenNamespaceThenPortThenLink() {
    String nqn = "nqn.2026-01.io.hyperblock:vol1";
    var desired =
        NvmetState.desired(
            List.of(
                new NvmeExport(
                    "vol1", nqn, Path.of("/dev/nbd0"), 3, NvmePort.tcp(2, "10.0.0.5", 4420))));
    List<String> plan =
        NvmetPlanner.plan(EMPTY, desired, n -> true).stream().map(Object::toString).toList();
    String s = "subsystems/" + nqn;
    assertThat(plan)
        .containsExactly(
            "mkdir " + s,
            "echo 1 > " + s + "/attr_allow_any_host",
            "mkdir " + s + "/namespaces/3",
            "echo /dev/nbd0 > " + s + "/namespaces/3/device_path",
            "echo 1 > " + s + "/namespaces/3/enable",
            "mkdir ports/2",
            "echo tcp > ports/2/addr_trtype",
            "echo ipv4 > ports/2/addr_adrfam",
            "echo 10.0.0.5 > ports/2/addr_traddr",
            "echo 4420 > ports/2/addr_trsvcid",
            "ln -s " + s + " ports/2/subsystems/" + nqn);
  }

  @Test
  void planFromTheDesiredStateItselfIsEmpty() {
    var desired =
        NvmetState.desired(
            List.of(
                new NvmeExport(
                    "v",
                    "nqn.2026-01.io.hyperblock:v",
                    Path.of("/dev/nbd0"),
                    1,
                    NvmePort.tcp(1, "10.0.0.5", 4420))));
    assertThat(NvmetPlanner.plan(desired, desired, n -> true)).isEmpty();
  }
}
