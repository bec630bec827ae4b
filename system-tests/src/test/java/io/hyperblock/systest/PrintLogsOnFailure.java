package io.hyperblock.systest;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints the tail of every process log of the {@link ProcessLogs} fields of the
 * test instance (a {@link ProcessCluster}, an {@link ApplianceUnderTest}), so that a CI failure
 * shows what the server, bricks and bridge said. (A cluster that fails to start puts the tails into
 * its own error.)
 */
public final class PrintLogsOnFailure implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Object instance = context.getTestInstance().orElse(null);
    if (instance == null) {
      return;
    }
    for (Field f : instance.getClass().getDeclaredFields()) {
      if (!ProcessLogs.class.isAssignableFrom(f.getType())) {
        continue;
      }
      try {
        f.setAccessible(true);
        ProcessLogs cluster = (ProcessLogs) f.get(instance);
        if (cluster != null) {
          System.err.println(
              "===== "
                  + context.getDisplayName()
                  + " failed; process logs under "
                  + cluster.root()
                  + "\n"
                  + cluster.logTails());
        }
      } catch (IllegalAccessException e) {
        System.err.println("cannot read field " + f + ": " + e);
      }
    }
  }
}
