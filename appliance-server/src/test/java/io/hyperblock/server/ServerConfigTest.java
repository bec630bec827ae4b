package io.hyperblock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerConfigTest {

  private static ServerConfig parse(String... args) {
    ServerMain main = new ServerMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void defaultsAreTheSeedsTimingsAndPorts() {
    ServerConfig c = parse("--data-dir", "/d");
    assertThat(c.dataDir()).isEqualTo(Path.of("/d"));
    assertThat(c.memberId()).isEqualTo("n1");
    assertThat(c.peers()).isEmpty();
    assertThat(c.grpcPort()).isEqualTo(9200);
    assertThat(c.raftPort()).isEqualTo(9201);
    assertThat(c.restPort()).isEqualTo(8080);
    assertThat(c.health().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.health().scanInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.health().downAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void peersAndShortTimingsParse() {
    ServerConfig c =
        parse(
            "--data-dir", "/d",
            "--id", "n2",
            "--peers", "n1=127.0.0.1:9201, n2=127.0.0.1:9211",
            "--heartbeat-interval", "100ms",
            "--monitor-interval", "100ms",
            "--down-after", "1s");
    assertThat(c.peers()).isEqualTo(Map.of("n1", "127.0.0.1:9201", "n2", "127.0.0.1:9211"));
    assertThat(c.health().downAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void healingDefaultsAndOptions() {
    ServerConfig d = parse("--data-dir", "/d");
    assertThat(d.healing().waitBeforeReplace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.healing().maxConcurrentTasks()).isEqualTo(4);

    ServerConfig c =
        parse(
            "--data-dir", "/d",
            "--wait-before-replace", "90s",
            "--rebuild-rate", "20MiB",
            "--rebuild-concurrency", "2");
    assertThat(c.healing().waitBeforeReplace()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.healing().perBrickRate().bytes()).isEqualTo(20L << 20);
    assertThat(c.healing().maxConcurrentTasks()).isEqualTo(2);
  }

  @Test
  void memberMissingFromItsPeersIsRefused() {
    assertThatThrownBy(() -> parse("--data-dir", "/d", "--id", "n3", "--peers", "n1=h:1"))
        .hasMessageContaining("--id n3 is not one of the --peers");
  }

  @Test
  void malformedPeerEntryIsNamed() {
    assertThatThrownBy(() -> ServerConfig.parsePeers("n1=h:1,n2"))
        .hasMessageContaining("peer 'n2' is not id=host:port");
    assertThatThrownBy(() -> ServerConfig.parsePeers("n1=h:1,n1=h:2"))
        .hasMessageContaining("appears twice");
  }

  @Test
  void downAfterNotLongerThanTheHeartbeatIsRefused() {
    assertThatThrownBy(
            () -> parse("--data-dir", "/d", "--heartbeat-interval", "10s", "--down-after", "5s"))
        .hasMessageContaining("must be longer than the heartbeat interval");
  }

  @Test
  void badDurationNamesTheAcceptedUnits() {
    assertThatThrownBy(() -> parse("--data-dir", "/d", "--down-after", "soon"))
        .hasMessageContaining("ms, s, m, h or d");
  }
}
