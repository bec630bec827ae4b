package io.hyperblock.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.protocol.v1.GetVolumeRequest;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.UUID;

/** Request field checks; each failure is INVALID_ARGUMENT naming the field. */
final class Requests {
  private Requests() {}

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static void nonBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(field + " is required");
    }
  }

  static UUID requiredUuid(String value, String field) {
    nonBlank(value, field);
    return optionalUuid(value, field);
  }

  /** Null for an empty field (proto3's "absent"). */
  static UUID optionalUuid(String value, String field) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      UUID id = UUID.fromString(value);
      if (!id.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw invalid(field + " '" + value + "' is not a canonical UUID");
    }
  }

  static void registration(RegisterBrickRequest r) {
    nonBlank(r.getDatacenter(), "datacenter");
    nonBlank(r.getRack(), "rack");
    nonBlank(r.getHost(), "host");
    if (r.getCapacityBytes() <= 0) {
      throw invalid("capacity_bytes must be positive, got " + r.getCapacityBytes());
    }
    address(r.getAddress(), "address");
  }

  static void address(String address, String field) {
    nonBlank(address, field);
    int colon = address.lastIndexOf(':');
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw invalid(field + " '" + address + "' is not host:port");
    }
  }

  static VolumeRecord volume(GetVolumeRequest request, MetadataState s) {
    return switch (request.getSelectorCase()) {
      case NAME ->
          s.volume(request.getName())
              .orElseThrow(() -> notFound("volume '" + request.getName() + "' does not exist"));
      case ID -> {
        UUID id = requiredUuid(request.getId(), "id");
        yield s.volumeById(id).orElseThrow(() -> notFound("volume " + id + " does not exist"));
      }
      case SELECTOR_NOT_SET -> throw invalid("give the volume's name or id");
    };
  }

  private static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }
}
