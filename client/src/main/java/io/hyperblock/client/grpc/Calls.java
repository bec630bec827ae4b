package io.hyperblock.client.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hyperblock.client.brick.BrickCorruptDataException;
import io.hyperblock.client.brick.BrickFencedException;
import io.hyperblock.client.brick.BrickIoException;
import io.hyperblock.client.brick.BrickPlacementChangedException;
import io.hyperblock.client.brick.BrickUnavailableException;
import io.hyperblock.client.brick.GenerationConflictException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** Unary async gRPC calls as {@link CompletableFuture}s, with brick status mapping. */
final class Calls {
  private Calls() {}

  /** Trailer naming a Hyperblock-specific error (brick.proto "Errors"), ASCII. */
  static final Metadata.Key<String> ERROR_KEY =
      Metadata.Key.of("hyperblock-error", Metadata.ASCII_STRING_MARSHALLER);

  /** {@link #ERROR_KEY}'s value when a brick refused a mutation for a placement change. */
  static final String PLACEMENT_CHANGED = "PLACEMENT_CHANGED";

  /** Starts a unary call; {@code mapError} turns a failure into the future's exception. */
  static <R, T> CompletableFuture<T> unary(
      Consumer<StreamObserver<R>> start,
      Function<R, T> convert,
      Function<Throwable, Throwable> mapError) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      start.accept(
          new StreamObserver<>() {
            @Override
            public void onNext(R value) {
              try {
                f.complete(convert.apply(value));
              } catch (RuntimeException e) {
                f.completeExceptionally(e);
              }
            }

            @Override
            public void onError(Throwable t) {
              f.completeExceptionally(mapError.apply(t));
            }

            @Override
            public void onCompleted() {}
          });
    } catch (RuntimeException e) {
      f.completeExceptionally(mapError.apply(e));
    }
    return f;
  }

  /**
   * Maps a brick's gRPC status to the client's brick exceptions (brick.proto, rows.proto). A
   * FAILED_PRECONDITION is a placement change when it carries the {@code hyperblock-error:
   * PLACEMENT_CHANGED} trailer, and fencing otherwise (the trailer decides, never the text).
   */
  static Throwable brickError(UUID brick, Throwable t) {
    Status s = Status.fromThrowable(t);
    String what = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    if (isPlacementChanged(s, t)) {
      return new BrickPlacementChangedException(brick, what, t);
    }
    return switch (s.getCode()) {
      case FAILED_PRECONDITION -> new BrickFencedException(brick, what, t);
      case DATA_LOSS -> new BrickCorruptDataException(brick, what, t);
      case ABORTED -> new GenerationConflictException(brick, what, t);
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED, UNKNOWN ->
          new BrickUnavailableException(brick, what, t);
      default -> new BrickIoException(brick, what, t);
    };
  }

  private static boolean isPlacementChanged(Status s, Throwable t) {
    if (s.getCode() != Status.Code.FAILED_PRECONDITION) {
      return false;
    }
    Metadata trailers = Status.trailersFromThrowable(t);
    return trailers != null && PLACEMENT_CHANGED.equals(trailers.get(ERROR_KEY));
  }

  static boolean retryable(Throwable t) {
    return t instanceof StatusRuntimeException e
        && switch (e.getStatus().getCode()) {
          case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
          default -> false;
        };
  }
}
