package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.ExportNames;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decoding of option payloads ("Option types" section). Each decoder validates everything a client
 * controls and returns a reason a user can act on when the payload is malformed.
 */
final class OptionRequest {

  private OptionRequest() {}

  /** A decoded NBD_OPT_INFO / NBD_OPT_GO payload, or why it is invalid. */
  record InfoRequest(String exportName, short[] infoTypes, String error) {

    boolean requested(int infoType) {
      for (short t : infoTypes) {
        if ((t & 0xffff) == infoType) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Decodes "32 bits name length, name, 16 bits number of information requests, 16 bits each"
   * ("NBD_OPT_INFO and NBD_OPT_GO"). Lengths must account for every byte of the option.
   */
  static InfoRequest decodeInfo(byte[] data) {
    if (data.length < 6) {
      return invalid("option data is " + data.length + " bytes, below the 6-byte minimum");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    long nameLength = Integer.toUnsignedLong(b.getInt());
    if (nameLength > data.length - 6L) {
      return invalid("export name length " + nameLength + " overruns the option data");
    }
    byte[] nameBytes = new byte[(int) nameLength];
    b.get(nameBytes);
    int count = Short.toUnsignedInt(b.getShort());
    if (b.remaining() != 2 * count) {
      return invalid(
          count + " information requests need " + 2 * count + " bytes, got " + b.remaining());
    }
    short[] types = new short[count];
    for (int i = 0; i < count; i++) {
      types[i] = b.getShort();
    }
    Optional<String> problem = nameProblem(nameBytes);
    if (problem.isPresent()) {
      return invalid(problem.get());
    }
    return new InfoRequest(decodeUtf8(nameBytes).orElseThrow(), types, null);
  }

  /**
   * Why these bytes are not a valid export name under the spec's string rules ("Conventions":
   * UTF-8, no NUL, at most 4096 bytes), or empty if they are.
   */
  static Optional<String> nameProblem(byte[] name) {
    if (name.length > ExportNames.MAX_BYTES) {
      return Optional.of(
          "export name is " + name.length + " bytes, above the limit of " + ExportNames.MAX_BYTES);
    }
    for (byte x : name) {
      if (x == 0) {
        return Optional.of("export name contains a NUL byte");
      }
    }
    if (decodeUtf8(name).isEmpty()) {
      return Optional.of("export name is not valid UTF-8");
    }
    return Optional.empty();
  }

  /** Strict UTF-8 decoding: malformed input is rejected, never replaced. */
  static Optional<String> decodeUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static InfoRequest invalid(String why) {
    return new InfoRequest(null, new short[0], why);
  }
}
