package io.hyperblock.core.erasure;

import io.hyperblock.core.protection.ErasureCoded;
import java.util.Locale;

/**
 * Picks the fastest {@link ErasureCodec} this JVM can run. Both implementations produce identical
 * bytes, so the choice never affects what is stored.
 */
public final class ErasureCodecs {

  /**
   * System property forcing an implementation: {@code scalar}, {@code vector} or {@code auto} (the
   * default). Meant for benchmarking and for working around a JIT problem in the field.
   */
  public static final String IMPLEMENTATION_PROPERTY = "hyperblock.erasure.impl";

  /** Which kernel family to use. */
  public enum Implementation {
    /** The vector codec when {@link #vectorAvailable()}, otherwise the scalar one. */
    AUTO,
    /** {@link ReedSolomonCodec}. */
    SCALAR,
    /** {@link VectorReedSolomonCodec}; fails if the Vector API is unusable. */
    VECTOR;

    /** Parses a property value, case-insensitively. */
    public static Implementation parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            IMPLEMENTATION_PROPERTY + "=" + value + " is not one of scalar, vector, auto", e);
      }
    }
  }

  private ErasureCodecs() {}

  /** A codec for {@code profile}, honouring {@value #IMPLEMENTATION_PROPERTY}. */
  public static ErasureCodec create(ErasureCoded profile) {
    return create(
        profile, Implementation.parse(System.getProperty(IMPLEMENTATION_PROPERTY, "auto")));
  }

  /**
   * A codec for {@code profile} of the given implementation.
   *
   * @throws IllegalStateException if {@code VECTOR} is requested but not {@link #vectorAvailable()}
   */
  public static ErasureCodec create(ErasureCoded profile, Implementation implementation) {
    return switch (implementation) {
      case SCALAR -> new ReedSolomonCodec(profile);
      case AUTO ->
          vectorAvailable() ? new VectorReedSolomonCodec(profile) : new ReedSolomonCodec(profile);
      case VECTOR -> {
        if (!vectorAvailable()) {
          throw new IllegalStateException(
              "the vector erasure codec is unusable here (needs --add-modules jdk.incubator.vector"
                  + " and a CPU with 128-bit or wider vectors); set "
                  + IMPLEMENTATION_PROPERTY
                  + "=scalar or auto");
        }
        yield new VectorReedSolomonCodec(profile);
      }
    };
  }

  /**
   * Whether the incubating Vector API module is loaded and its preferred byte species is at least
   * 128 bits wide.
   */
  public static boolean vectorAvailable() {
    return VectorProbe.AVAILABLE;
  }

  /** Probed once: touching the Vector API classes without the module throws a LinkageError. */
  private static final class VectorProbe {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return false;
      }
      try {
        return VectorReedSolomonCodec.isSupported();
      } catch (LinkageError e) {
        return false;
      }
    }
  }
}
