package io.hyperblock.bridge.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hyperblock.bridge.device.FileBlockDevice;
import io.hyperblock.bridge.device.StaticExportRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server against real NBD clients: qemu-img (qemu-utils), nbdcopy and nbdinfo (libnbd-bin) and
 * fio's nbd engine, exporting {@link FileBlockDevice}s on an ephemeral port. A test is skipped only
 * when its client binary is missing ({@code .ci/install-deps} installs them).
 */
@Timeout(300)
class NbdRealClientsIT {

  private static final long VOLUME_SIZE = 64L << 20;
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private StaticExportRegistry registry;
  private NbdServer server;

  @BeforeEach
  void start() throws IOException {
    registry =
        new StaticExportRegistry()
            .add("vol1", FileBlockDevice.create(dir.resolve("vol1.img"), VOLUME_SIZE))
            .add("vol2", FileBlockDevice.create(dir.resolve("vol2.img"), 1 << 20));
    server = new NbdServer(NbdConfig.defaults().withPort(0), registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  private String uri(String export) {
    return "nbd://127.0.0.1:" + server.port() + "/" + export;
  }

  private static void require(String tool, String pkg) {
    assumeTrue(
        ExternalTool.installed(tool), tool + " is not installed (Debian package " + pkg + ")");
  }

  @Test
  void qemuImgInfoReportsTheExportSize() throws Exception {
    require("qemu-img", "qemu-utils");
    var r = ExternalTool.run(dir, TOOL_TIMEOUT, "qemu-img", "info", "--output=json", uri("vol1"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("\"virtual-size\": " + VOLUME_SIZE);
  }

  @Test
  void dataCopiedInWithQemuImgComesBackOutWithNbdcopyUnchanged() throws Exception {
    require("qemu-img", "qemu-utils");
    require("nbdcopy", "libnbd-bin");
    Path source = dir.resolve("source.img");
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(42);
    try (var out = Files.newOutputStream(source)) {
      for (int i = 0; i < 48; i++) { // 48 MiB of random bytes
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    var in =
        ExternalTool.run(
            dir,
            TOOL_TIMEOUT,
            "qemu-img",
            "convert",
            "-n",
            "-f",
            "raw",
            "-O",
            "raw",
            source.toString(),
            uri("vol1"));
    assertThat(in.exitCode()).as(in.all()).isZero();
    Path copy = dir.resolve("copy.img");
    var out = ExternalTool.run(dir, TOOL_TIMEOUT, "nbdcopy", uri("vol1"), copy.toString());
    assertThat(out.exitCode()).as(out.all()).isZero();
    assertThat(Files.size(copy)).isEqualTo(VOLUME_SIZE);
    assertThat(sha256(copy, Files.size(source))).isEqualTo(sha256(source, Files.size(source)));
    byte[] tail = new byte[(int) (VOLUME_SIZE - Files.size(source))];
    try (InputStream s = Files.newInputStream(copy)) {
      s.skipNBytes(Files.size(source));
      assertThat(s.readNBytes(tail.length)).isEqualTo(tail); // never written: still zeroes
    }
  }

  @Test
  void nbdinfoListsEveryExport() throws Exception {
    require("nbdinfo", "libnbd-bin");
    var r =
        ExternalTool.run(
            dir, TOOL_TIMEOUT, "nbdinfo", "--list", "nbd://127.0.0.1:" + server.port());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("export=\"vol1\"", "export=\"vol2\"");
    assertThat(r.stdout()).contains(String.valueOf(VOLUME_SIZE));
  }

  @Test
  void nbdinfoSeesBlockSizeConstraintsAndTransmissionFlags() throws Exception {
    // "NBD_OPT_INFO and NBD_OPT_GO": NBD_INFO_EXPORT and, when asked, NBD_INFO_BLOCK_SIZE.
    require("nbdinfo", "libnbd-bin");
    var r = ExternalTool.run(dir, TOOL_TIMEOUT, "nbdinfo", uri("vol1"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout())
        .contains(
            "block_size_minimum: 1",
            "block_size_preferred: 4096",
            "block_size_maximum: 33554432",
            "can_flush: true",
            "can_fua: true",
            "can_trim: true",
            "can_zero: true",
            "can_multi_conn: true",
            "is_read_only: false");
  }

  @Test
  void unknownExportIsRefusedWithTheServersMessage() throws Exception {
    // "NBD_OPT_INFO and NBD_OPT_GO": an unknown export gets NBD_REP_ERR_UNKNOWN.
    require("qemu-img", "qemu-utils");
    require("nbdinfo", "libnbd-bin");
    var qemu = ExternalTool.run(dir, TOOL_TIMEOUT, "qemu-img", "info", uri("nope"));
    assertThat(qemu.exitCode()).isNotZero();
    assertThat(qemu.stderr()).contains("no export named 'nope'");
    var info = ExternalTool.run(dir, TOOL_TIMEOUT, "nbdinfo", uri("nope"));
    assertThat(info.exitCode()).isNotZero();
    // libnbd maps NBD_REP_ERR_UNKNOWN to ENOENT.
    assertThat(info.stderr()).contains("No such file or directory for export: nope");
  }

  @Test
  void fioRandomWritesAtQueueDepth32VerifyWithCrc32c() throws Exception {
    require("fio", "fio");
    var r =
        ExternalTool.run(
            dir,
            TOOL_TIMEOUT,
            "fio",
            "--name=verify",
            "--ioengine=nbd",
            "--uri=" + uri("vol1"),
            "--rw=randwrite",
            "--bs=4k",
            "--iodepth=32",
            "--size=32m",
            "--verify=crc32c",
            "--verify_fatal=1",
            "--do_verify=1",
            "--output-format=normal");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).doesNotContain("verify: bad", "error=");
    // iodepth 32 only helps if the server really runs requests side by side.
    assertThat(server.stats().peakInFlightPerConnection()).isGreaterThan(1);
  }

  @Test
  void fourFioConnectionsWriteAndVerifyDisjointRangesAtOnce() throws Exception {
    // Several connections to one export (CAN_MULTI_CONN is advertised for a shared file).
    require("fio", "fio");
    var r =
        ExternalTool.run(
            dir,
            TOOL_TIMEOUT,
            "fio",
            "--name=multi",
            "--ioengine=nbd",
            "--uri=" + uri("vol1"),
            "--rw=randwrite",
            "--bs=4k",
            "--iodepth=8",
            "--numjobs=4",
            "--size=8m",
            "--offset_increment=16m",
            "--verify=crc32c",
            "--verify_fatal=1",
            "--group_reporting");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).doesNotContain("verify: bad", "error=");
    assertThat(server.stats().connectionsAccepted()).isGreaterThanOrEqualTo(4);
  }

  private static String sha256(Path file, long length) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        digest.update(buf, 0, n);
        left -= n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
