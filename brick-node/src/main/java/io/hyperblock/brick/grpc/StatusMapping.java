package io.hyperblock.brick.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.fence.PlacementChangedException;
import io.hyperblock.brick.fence.PlacementStatus;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.DiskFullException;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.InvalidRangeException;
import io.hyperblock.brick.store.StoreException;

/** Maps store exceptions to the gRPC statuses that {@code brick.proto} documents. */
final class StatusMapping {
  private static final System.Logger LOG = System.getLogger(StatusMapping.class.getName());

  private StatusMapping() {}

  static StatusRuntimeException toStatus(Throwable t) {
    return switch (t) {
      case StatusRuntimeException s -> s;
      case StatusException s -> s.getStatus().asRuntimeException(s.getTrailers());
      case PlacementChangedException e -> PlacementStatus.of(e);
      case FencedWriteException e -> status(Status.FAILED_PRECONDITION, e);
      case CorruptBlockException e -> status(Status.DATA_LOSS, e);
      case DiskFullException e -> status(Status.RESOURCE_EXHAUSTED, e);
      case InvalidRangeException e -> status(Status.INVALID_ARGUMENT, e);
      case StoreException e -> internal(e);
      case IllegalStateException e -> status(Status.UNAVAILABLE, e);
      default -> internal(t);
    };
  }

  /** A failure nobody anticipated: logged with its stack, since the client sees only a line. */
  private static StatusRuntimeException internal(Throwable t) {
    LOG.log(System.Logger.Level.ERROR, "brick request failed unexpectedly", t);
    String what = t instanceof StoreException ? t.getMessage() : "unexpected brick error: " + t;
    return Status.INTERNAL.withDescription(what).withCause(t).asRuntimeException();
  }

  private static StatusRuntimeException status(Status code, Throwable t) {
    return code.withDescription(t.getMessage()).withCause(t).asRuntimeException();
  }
}
