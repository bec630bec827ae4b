package io.hyperblock.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.server.api.MigrationInfo;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.RebuildTask.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MigrationsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final UUID VOLUME = new UUID(1, 1);
  private static final UUID FROM = new UUID(2, 2);

  private static RebuildTask task(String plan, int slot, State state, long done, String error) {
    RebuildTask t =
        RebuildTask.planned(
            plan, VOLUME, slot, 0, FROM, new UUID(3, slot), List.of(FROM), MoveKind.COPY, 100, T0);
    return t.with(state, done, 1, error, T0.plusSeconds(slot));
  }

  @Test
  void etaExtrapolatesTheAverageRateSinceTheStart() {
    // 250 of 1000 bytes in 10 s: 750 bytes left at 25 B/s.
    assertThat(Migrations.eta(1000, 250, T0, T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(30));
    assertThat(Migrations.eta(1000, 0, T0, T0.plusSeconds(10))).as("no rate yet").isNull();
  }

  @Test
  void progressCountsDoneMovesFullyAndRunningOnesByTheirReportedBytes() {
    MigrationInfo m =
        Migrations.summarize(
            "drain-ab",
            List.of(
                task("drain-ab", 0, State.DONE, 100, ""),
                task("drain-ab", 1, State.RUNNING, 40, "")),
            T0.plusSeconds(14));

    assertThat(m.kind()).isEqualTo(MigrationInfo.Kind.DRAIN);
    assertThat(m.brickId()).isEqualTo(FROM.toString());
    assertThat(m.state()).isEqualTo(MigrationInfo.State.RUNNING);
    assertThat(m.unitsDone()).isEqualTo(1);
    assertThat(m.bytesDone()).isEqualTo(140);
    assertThat(m.bytesTotal()).isEqualTo(200);
    assertThat(m.eta()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void operatorCancelIsCancelledAndAGivenUpMoveIsFailedWithItsError() {
    MigrationInfo cancelled =
        Migrations.summarize(
            "rebalance-1",
            List.of(
                task("rebalance-1", 0, State.DONE, 100, ""),
                task("rebalance-1", 1, State.CANCELLED, 10, Migrations.CANCELLED_BY_OPERATOR)),
            T0);
    MigrationInfo failed =
        Migrations.summarize(
            "rebalance-2",
            List.of(task("rebalance-2", 0, State.CANCELLED, 0, "UNAVAILABLE: source down")),
            T0);

    assertThat(cancelled.state()).isEqualTo(MigrationInfo.State.CANCELLED);
    assertThat(cancelled.brickId()).isNull();
    assertThat(failed.state()).isEqualTo(MigrationInfo.State.FAILED);
    assertThat(failed.lastError()).isEqualTo("UNAVAILABLE: source down");
    assertThat(failed.eta()).isNull();
  }
}
