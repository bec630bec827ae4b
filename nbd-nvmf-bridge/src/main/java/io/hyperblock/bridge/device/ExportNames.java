package io.hyperblock.bridge.device;

import java.nio.charset.StandardCharsets;

/**
 * The rules for export names, from the NBD protocol's definition of a string: UTF-8, no NUL, at
 * most 4096 bytes. Volume names are stricter, so every volume name passes.
 */
public final class ExportNames {

  /** The NBD protocol's hard limit on string length, in UTF-8 bytes ("Conventions" section). */
  public static final int MAX_BYTES = 4096;

  private ExportNames() {}

  /**
   * Checks a name an operator registers.
   *
   * @throws IllegalArgumentException saying which rule the name breaks
   */
  public static void requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("export name is empty; name the export after its volume");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("export name contains a NUL character");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "export name is " + bytes + " UTF-8 bytes, above the NBD limit of " + MAX_BYTES);
    }
  }
}
