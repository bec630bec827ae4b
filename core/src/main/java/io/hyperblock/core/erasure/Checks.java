package io.hyperblock.core.erasure;

import java.nio.ByteBuffer;

/** Boundary validation for {@link ErasureCodec} calls; every message names the offending unit. */
final class Checks {

  private Checks() {}

  static void units(String role, ByteBuffer[] units, int expected, int length, boolean writable) {
    if (units == null || units.length != expected) {
      throw new IllegalArgumentException(
          role
              + " must be an array of "
              + expected
              + " buffers, got "
              + (units == null ? "null" : units.length));
    }
    for (int i = 0; i < expected; i++) {
      unit(role, i, units[i], length, writable);
    }
  }

  /** Checks one unit; {@code index} is its array index or -1. Builds strings only on failure. */
  static void unit(String role, int index, ByteBuffer unit, int length, boolean writable) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be at least 0, got " + length);
    }
    if (unit == null) {
      throw new IllegalArgumentException(name(role, index) + " is null");
    }
    if (unit.remaining() < length) {
      throw new IllegalArgumentException(
          name(role, index)
              + " has "
              + unit.remaining()
              + " bytes remaining (position "
              + unit.position()
              + ", limit "
              + unit.limit()
              + ") but length is "
              + length);
    }
    if (writable && unit.isReadOnly()) {
      throw new IllegalArgumentException(
          name(role, index) + " is read-only but is written by this call");
    }
  }

  private static String name(String role, int index) {
    return index < 0 ? role : role + "[" + index + "]";
  }

  static void unitArray(ByteBuffer[] units, int expected, int length) {
    if (units == null || units.length != expected) {
      throw new IllegalArgumentException(
          "units must be an array of k+m="
              + expected
              + " buffers, got "
              + (units == null ? "null" : units.length));
    }
    if (length < 0) {
      throw new IllegalArgumentException("length must be at least 0, got " + length);
    }
  }

  /** Validates the units selected by {@code mask}. */
  static void maskedUnits(ByteBuffer[] units, int mask, int length, boolean writable) {
    for (int i = 0; i < units.length; i++) {
      if ((mask & (1 << i)) != 0) {
        unit("units", i, units[i], length, writable);
      }
    }
  }

  static void flags(String name, boolean[] flags, int expected) {
    if (flags == null || flags.length != expected) {
      throw new IllegalArgumentException(
          name
              + " must have k+m="
              + expected
              + " entries, got "
              + (flags == null ? "null" : flags.length));
    }
  }

  /** Bit i set iff flags[i]; at most 32 units, so an int suffices. */
  static int mask(boolean[] flags) {
    int mask = 0;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  static int allUnits(int count) {
    return count == 32 ? -1 : (1 << count) - 1;
  }

  /** Ascending indices of the bits set in {@code mask} among the low {@code count} bits. */
  static int[] indices(int mask, int count) {
    int selected = mask & allUnits(count);
    int[] result = new int[Integer.bitCount(selected)];
    for (int i = 0, n = 0; i < count; i++) {
      if ((selected & (1 << i)) != 0) {
        result[n++] = i;
      }
    }
    return result;
  }
}
