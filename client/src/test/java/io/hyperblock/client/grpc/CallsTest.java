package io.hyperblock.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.hyperblock.client.brick.BrickFencedException;
import io.hyperblock.client.brick.BrickPlacementChangedException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * brick.proto "Errors": the PLACEMENT_CHANGED trailer, not the description, tells the two apart.
 */
class CallsTest {

  private static final UUID BRICK = new UUID(0, 1);

  private static Metadata trailer(String value) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("hyperblock-error", Metadata.ASCII_STRING_MARSHALLER), value);
    return m;
  }

  @Test
  void failedPreconditionWithThePlacementTrailerIsAPlacementChange() {
    Throwable t =
        Calls.brickError(
            BRICK,
            Status.FAILED_PRECONDITION
                .withDescription("write epoch 3 is older") // the text does not matter
                .asRuntimeException(trailer("PLACEMENT_CHANGED")));
    assertThat(t).isInstanceOf(BrickPlacementChangedException.class);
  }

  @Test
  void failedPreconditionWithoutItIsFencing() {
    assertThat(
            Calls.brickError(
                BRICK,
                Status.FAILED_PRECONDITION
                    .withDescription("placement changed")
                    .asRuntimeException()))
        .isInstanceOf(BrickFencedException.class);
    assertThat(
            Calls.brickError(
                BRICK, Status.FAILED_PRECONDITION.asRuntimeException(trailer("SOMETHING_ELSE"))))
        .isInstanceOf(BrickFencedException.class);
  }

  @Test
  void theTrailerOnAnotherStatusIsNotAPlacementChange() {
    assertThat(
            Calls.brickError(
                BRICK, Status.UNAVAILABLE.asRuntimeException(trailer("PLACEMENT_CHANGED"))))
        .isNotInstanceOf(BrickPlacementChangedException.class);
  }
}
