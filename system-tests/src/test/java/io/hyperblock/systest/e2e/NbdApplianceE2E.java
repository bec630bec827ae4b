package io.hyperblock.systest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.systest.ApplianceUnderTest;
import io.hyperblock.systest.PrintLogsOnFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's end-to-end tests on one appliance (server, 6 bricks over 3 racks, NBD bridge): real NBD
 * clients copy data in and out of R3 and EC 4+2 volumes, fio verifies every block it wrote while a
 * brick was killed, and everything acknowledged survives a restart of every process. The tests run
 * in order and share the appliance: the restart test reads back what the first two wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(PrintLogsOnFailure.class)
class NbdApplianceE2E {

  static final long IMAGE_BYTES = 256L << 20;
  static final String R3 = "\"replicas\": 3";
  static final String EC_4_2 = "\"dataChunks\": 4, \"parityChunks\": 2";
  static final Duration COPY_TIMEOUT = Duration.ofMinutes(3);

  /**
   * fio job: 32 MiB of 4 KiB random writes, each block once with a CRC32C header, then a read pass
   * that checks them all. The rate cap keeps the write phase at least 20 s on a fast machine, so
   * the brick kill lands in the middle of it.
   */
  static final List<String> FIO_JOB =
      List.of(
          "--name=e2e",
          "--ioengine=nbd",
          "--rw=randwrite",
          "--bs=4k",
          "--iodepth=16",
          "--size=32M",
          "--rate_iops=400",
          "--verify=crc32c",
          "--verify_fatal=1");

  static final String FIO_VOLUME = "fio-ec";
  static final String KILLED_BRICK = "b3";

  ApplianceUnderTest appliance;
  Path dir;
  Path image;
  String imageSha256;
  final Map<String, String> written = new LinkedHashMap<>();
  boolean fioWrote;

  @BeforeAll
  void startApplianceAndMakeARandomImage(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp)
      throws IOException {
    ExternalTool.require("qemu-img", "qemu-utils");
    ExternalTool.require("nbdcopy", "libnbd-bin");
    ExternalTool.require("fio", "fio");
    dir = tmp;
    image = dir.resolve("random.img");
    imageSha256 = writeRandomImage(image, IMAGE_BYTES, 5);
    appliance = ApplianceUnderTest.start(dir.resolve("appliance"));
  }

  @AfterAll
  void stopAppliance() {
    if (appliance != null) {
      appliance.close();
    }
  }

  @Test
  @Order(1)
  void qemuImgConvertsARandomImageIntoR3AndEcVolumesAndNbdcopyReadsItBackIdentical() {
    for (var volume : Map.of("copy-r3", R3, "copy-ec", EC_4_2).entrySet()) {
      String name = volume.getKey();
      appliance.createVolume(name, "256MiB", volume.getValue());
      ExternalTool.run(
              dir.resolve("logs/qemu-img-" + name + ".log"),
              COPY_TIMEOUT,
              "qemu-img",
              "convert",
              "-n",
              "-f",
              "raw",
              "-O",
              "raw",
              image.toString(),
              appliance.nbdUri(name))
          .requireSuccess();
      written.put(name, imageSha256);
      assertThat(readBackSha256(name))
          .as("sha256 of %s read back with nbdcopy", name)
          .isEqualTo(imageSha256);
    }
  }

  @Test
  @Order(2)
  void fioFindsNoVerifyErrorOnAnEcVolumeWhileABrickIsKilledMidRun() {
    appliance.createVolume(FIO_VOLUME, "256MiB", EC_4_2);
    List<String> command = fio("--status-interval=1");
    ExternalTool fio = ExternalTool.start(dir.resolve("logs/fio-kill.log"), command);

    long atKill = awaitWritten(fio, 4L << 20);
    appliance.killBrick(KILLED_BRICK);
    ExternalTool.Result result = fio.await(Duration.ofMinutes(3)).requireSuccess();
    fioWrote = true;

    String summary = finalSummary(result.output());
    assertThat(summary).as("fio's final report").contains("err= 0");
    assertThat(summary).doesNotContain("verify:");
    assertThat(lastAmount(WRITTEN, summary))
        .as("the whole write phase, which went on after the kill at %d bytes", atKill)
        .isEqualTo(32L << 20)
        .isGreaterThan(atKill);
    assertThat(lastAmount(READ, summary))
        .as("the verify pass read every block")
        .isEqualTo(32L << 20);
  }

  @Test
  @Order(3)
  void everythingWrittenSurvivesARestartOfEveryProcess() {
    Assumptions.assumeTrue(!written.isEmpty(), "needs the volumes the copy test wrote");
    appliance.restartEverything();
    for (var volume : written.entrySet()) {
      assertThat(readBackSha256(volume.getKey()))
          .as("sha256 of %s after the restart", volume.getKey())
          .isEqualTo(volume.getValue());
    }
    if (fioWrote) {
      // The killed brick is back with stale units for rows written without it; reads must not
      // use them.
      ExternalTool.Result verify =
          ExternalTool.run(
                  dir.resolve("logs/fio-verify-only.log"),
                  Duration.ofMinutes(2),
                  fio("--verify_only").toArray(String[]::new))
              .requireSuccess();
      assertThat(verify.output()).contains("err= 0").doesNotContain("verify:");
      assertThat(lastAmount(READ, verify.output())).isEqualTo(32L << 20);
    }
  }

  private List<String> fio(String extra) {
    List<String> command = new ArrayList<>(List.of("fio"));
    command.addAll(FIO_JOB);
    command.add("--uri=" + appliance.nbdUri(FIO_VOLUME));
    command.add(extra);
    return command;
  }

  private String readBackSha256(String volume) {
    Path copy = dir.resolve(volume + ".back");
    try {
      Files.deleteIfExists(copy);
      ExternalTool.run(
              dir.resolve("logs/nbdcopy-" + volume + ".log"),
              COPY_TIMEOUT,
              "nbdcopy",
              appliance.nbdUri(volume),
              copy.toString())
          .requireSuccess();
      String sha = sha256(copy);
      Files.delete(copy);
      return sha;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** "write: IOPS=242, BW=944KiB/s (967kB/s)(3400KiB/3601msec)": the bytes written so far. */
  static final Pattern WRITTEN =
      Pattern.compile("write: IOPS=[^(]*\\([^)]*\\)\\((\\d+(?:\\.\\d+)?)([KMGT]?i?B)/");

  static final Pattern READ =
      Pattern.compile("read: IOPS=[^(]*\\([^)]*\\)\\((\\d+(?:\\.\\d+)?)([KMGT]?i?B)/");

  /** Waits until fio's periodic status shows at least {@code bytes} written; returns the amount. */
  private static long awaitWritten(ExternalTool fio, long bytes) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      boolean alive = fio.isAlive();
      long now = lastAmount(WRITTEN, fio.output());
      if (now >= bytes) {
        return now;
      }
      if (!alive) {
        throw new AssertionError("fio ended before writing " + bytes + " bytes:\n" + fio.output());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(
        "fio wrote less than " + bytes + " bytes in 2 minutes:\n" + fio.output());
  }

  /** The last amount {@code pattern} matches in {@code text}, in bytes; 0 if none. */
  static long lastAmount(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    long last = 0;
    while (m.find()) {
      double value = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "B" -> 1;
            case "KiB", "kB", "KB" -> 1L << 10;
            case "MiB", "MB" -> 1L << 20;
            case "GiB", "GB" -> 1L << 30;
            default -> 1L << 40;
          };
      last = Math.round(value * unit);
    }
    return last;
  }

  /** fio's final report: the text from its last per-job header ("e2e: (groupid=..."). */
  static String finalSummary(String output) {
    int at = output.lastIndexOf("e2e: (groupid=");
    return at < 0 ? output : output.substring(at);
  }

  static String writeRandomImage(Path file, long bytes, long seed) throws IOException {
    MessageDigest sha = sha256Digest();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long r = random.nextLong();
          for (int b = 0; b < 8; b++) {
            block[i + b] = (byte) (r >>> (8 * b));
          }
        }
        out.write(block);
        sha.update(block);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha = sha256Digest();
    byte[] block = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(block)) > 0) {
        sha.update(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
