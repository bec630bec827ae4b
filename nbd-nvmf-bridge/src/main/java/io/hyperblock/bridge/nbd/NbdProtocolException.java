package io.hyperblock.bridge.nbd;

/**
 * The peer broke the protocol framing (bad magic, unknown client flags, an option too large to
 * skip), so the stream cannot be resynchronised and the connection is closed ("Terminating the
 * transmission phase": either side MAY hard-disconnect on a violation of a mandatory condition).
 */
final class NbdProtocolException extends Exception {

  NbdProtocolException(String message) {
    super(message);
  }
}
