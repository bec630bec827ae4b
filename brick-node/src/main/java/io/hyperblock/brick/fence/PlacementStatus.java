package io.hyperblock.brick.fence;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC form of a {@link PlacementChangedException}, the one place it is built (brick.proto
 * "Errors"): status {@code FAILED_PRECONDITION}, a description saying what to do, and the trailer
 * {@value #ERROR_KEY_NAME}{@code : }{@value #PLACEMENT_CHANGED} (ASCII). A fencing-epoch refusal is
 * also {@code FAILED_PRECONDITION} but carries no such trailer: clients tell the two apart by the
 * trailer only, never by the description.
 */
public final class PlacementStatus {

  /** Trailer key naming a Hyperblock-specific error (lower case, ASCII marshaller). */
  public static final String ERROR_KEY_NAME = "hyperblock-error";

  /** The trailer value of a placement refusal. */
  public static final String PLACEMENT_CHANGED = "PLACEMENT_CHANGED";

  /** {@link #ERROR_KEY_NAME} as a metadata key. */
  public static final Metadata.Key<String> ERROR_KEY =
      Metadata.Key.of(ERROR_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

  private PlacementStatus() {}

  /** FAILED_PRECONDITION with the exception's message and the PLACEMENT_CHANGED trailer. */
  public static StatusRuntimeException of(PlacementChangedException e) {
    Metadata trailers = new Metadata();
    trailers.put(ERROR_KEY, PLACEMENT_CHANGED);
    return Status.FAILED_PRECONDITION
        .withDescription(e.getMessage())
        .withCause(e)
        .asRuntimeException(trailers);
  }

  /** Whether a failed call was refused with PLACEMENT_CHANGED (status and trailer). */
  public static boolean isPlacementChanged(Throwable t) {
    Status status = Status.fromThrowable(t);
    Metadata trailers = Status.trailersFromThrowable(t);
    return status.getCode() == Status.Code.FAILED_PRECONDITION
        && trailers != null
        && PLACEMENT_CHANGED.equals(trailers.get(ERROR_KEY));
  }
}
