package io.hyperblock.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.audit.AuditHealth;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import io.hyperblock.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LiveAlertServiceTest {

  static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  final InMemoryCluster cluster = InMemoryCluster.withBricks(6, 3);
  final MutableClock clock = new MutableClock(T0);
  final AtomicReference<VolumeState> state = new AtomicReference<>(VolumeState.HEALTHY);
  final LiveAlertService alerts =
      new LiveAlertService(
          cluster,
          new OneVolume(),
          List::of,
          () -> AuditHealth.OK,
          clock,
          AlertThresholds.DEFAULTS);

  /** A single volume whose state the test sets. */
  final class OneVolume implements VolumeService {
    @Override
    public List<VolumeInfo> list() {
      VolumeInfo v = AlertEvaluatorTest.volume("db", state.get());
      return List.of(v);
    }

    @Override
    public VolumeInfo create(CreateVolumeRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public VolumeInfo get(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String name, boolean force) {
      throw new UnsupportedOperationException();
    }

    @Override
    public VolumeInfo resize(String name, long newSizeBytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PlacementMap placement(String name) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void anAlertKeepsTheTimeItWasFirstSeenAcrossEvaluations() {
    state.set(VolumeState.DEGRADED);
    assertThat(alerts.current()).singleElement().extracting(Alert::since).isEqualTo(T0);

    clock.advance(Duration.ofMinutes(5));

    assertThat(alerts.current()).singleElement().extracting(Alert::since).isEqualTo(T0);
  }

  @Test
  void anAlertThatClearsAndReturnsStartsAgain() {
    state.set(VolumeState.DEGRADED);
    alerts.current();
    state.set(VolumeState.HEALTHY);
    clock.advance(Duration.ofMinutes(1));
    assertThat(alerts.current()).isEmpty();

    state.set(VolumeState.DEGRADED);
    clock.advance(Duration.ofMinutes(1));

    assertThat(alerts.current())
        .singleElement()
        .extracting(Alert::since)
        .isEqualTo(T0.plus(Duration.ofMinutes(2)));
  }

  @Test
  void aVolumeGoingFromDegradedToUnavailableIsANewCriticalAlert() {
    state.set(VolumeState.DEGRADED);
    alerts.current();
    clock.advance(Duration.ofMinutes(1));
    state.set(VolumeState.UNAVAILABLE);

    assertThat(alerts.current())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.VOLUME_UNAVAILABLE);
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            });
  }

  @Test
  void readsBricksThroughTheBrickService() {
    cluster.setBrickState(InMemoryCluster.brickId(1), BrickState.DOWN);

    assertThat(alerts.current())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.BRICK_DOWN);
              assertThat(a.subject()).isEqualTo("brick/" + InMemoryCluster.brickId(1));
            });
  }
}
