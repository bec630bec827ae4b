package io.hyperblock.brick.repair;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.protocol.v1.FreezeStripeRequest;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The freezes a fenced rebuild holds on one stripe (ADR 0009): on this brick (its own {@link
 * PlacementGate}) and on every brick of the request's {@code fence} ({@code
 * RepairService.FreezeStripe}), all under the request's token and lease. Taking them is all or
 * nothing: if one brick cannot be frozen, those already frozen are released.
 */
final class StripeFence {
  private static final System.Logger LOG = System.getLogger(StripeFence.class.getName());

  /**
   * Deadline of one FreezeStripe call: the brick waits up to 20 s for its in-flight mutations
   * (PlacementGate), plus the round trip.
   */
  private static final long FREEZE_DEADLINE_SECONDS = 25;

  private final PlacementGate gate;
  private final SourceChannels channels;
  private final RebuildSpec spec;
  private final Clock clock;
  private final List<RebuildSpec.Source> frozen = new ArrayList<>();
  private boolean localFrozen;
  private long startedMillis;

  private StripeFence(PlacementGate gate, SourceChannels channels, RebuildSpec spec, Clock clock) {
    this.gate = gate;
    this.channels = channels;
    this.spec = spec;
    this.clock = clock;
  }

  /**
   * Freezes the stripe here, then on every fence brick in the request's order.
   *
   * @throws StatusRuntimeException UNAVAILABLE naming the brick that could not be frozen; every
   *     freeze taken was released again, the server retries the task
   */
  static StripeFence take(
      PlacementGate gate, SourceChannels channels, RebuildSpec spec, Clock clock) {
    StripeFence fence = new StripeFence(gate, channels, spec, clock);
    fence.startedMillis = clock.millis();
    try {
      gate.freeze(
          spec.volumeId(),
          spec.stripeIndex(),
          spec.fenceToken(),
          Duration.ofMillis(spec.fenceLeaseMillis()));
      fence.localFrozen = true;
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw Status.UNAVAILABLE
          .withDescription(
              "cannot freeze stripe " + spec.stripeIndex() + " on this brick: " + e.getMessage())
          .asRuntimeException();
    }
    for (RebuildSpec.Source brick : distinct(spec.fence())) {
      try {
        stub(channels, brick).freezeStripe(request(spec, false));
        fence.frozen.add(brick);
      } catch (StatusRuntimeException e) {
        fence.release();
        throw Status.UNAVAILABLE
            .withDescription(
                "cannot freeze stripe "
                    + spec.stripeIndex()
                    + " of volume "
                    + spec.volumeId()
                    + " on brick "
                    + brick.brickId()
                    + "@"
                    + brick.address()
                    + " ("
                    + e.getStatus()
                    + "); released the freezes taken, the server retries the task")
            .asRuntimeException();
      }
    }
    return fence;
  }

  /** Milliseconds since the first freeze was requested (a lower bound of each freeze's age). */
  long frozenForMillis() {
    return Math.max(0, clock.millis() - startedMillis);
  }

  /**
   * Releases every freeze taken (best effort remotely: an unreleased one lapses with its lease).
   */
  void release() {
    if (localFrozen) {
      gate.release(spec.volumeId(), spec.stripeIndex(), spec.fenceToken());
      localFrozen = false;
    }
    for (RebuildSpec.Source brick : frozen) {
      try {
        stub(channels, brick).freezeStripe(request(spec, true));
      } catch (StatusRuntimeException e) {
        LOG.log(
            Level.WARNING,
            "cannot release the freeze {0} of stripe {1} of volume {2} on {3} ({4}); it lapses"
                + " after its lease",
            spec.fenceToken(),
            spec.stripeIndex(),
            spec.volumeId(),
            brick.address(),
            e.getStatus());
      }
    }
    frozen.clear();
  }

  private static List<RebuildSpec.Source> distinct(List<RebuildSpec.Source> bricks) {
    Map<String, RebuildSpec.Source> byAddress = new LinkedHashMap<>();
    bricks.forEach(b -> byAddress.putIfAbsent(b.address(), b));
    return List.copyOf(byAddress.values());
  }

  private static RepairServiceGrpc.RepairServiceBlockingStub stub(
      SourceChannels channels, RebuildSpec.Source brick) {
    return RepairServiceGrpc.newBlockingStub(channels.get(brick.address()))
        .withDeadlineAfter(FREEZE_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static FreezeStripeRequest request(RebuildSpec spec, boolean release) {
    return FreezeStripeRequest.newBuilder()
        .setVolumeId(spec.volumeId().toString())
        .setStripeIndex(spec.stripeIndex())
        .setToken(spec.fenceToken())
        .setLeaseMillis(spec.fenceLeaseMillis())
        .setRelease(release)
        .build();
  }
}
