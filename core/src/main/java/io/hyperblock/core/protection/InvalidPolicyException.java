package io.hyperblock.core.protection;

/** A protection policy that cannot exist; the message says which limit was broken and why. */
public class InvalidPolicyException extends IllegalArgumentException {
  public InvalidPolicyException(String message) {
    super(message);
  }
}
