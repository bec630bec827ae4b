package io.hyperblock.systest.e2e;

import io.hyperblock.systest.ApplianceUnderTest;
import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints the log tails of every {@link ApplianceUnderTest} field of the test
 * instance (server, bricks, bridge), so that a CI failure shows what the processes said.
 */
final class ApplianceLogsOnFailure implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Object instance = context.getTestInstance().orElse(null);
    if (instance == null) {
      return;
    }
    for (Field f : instance.getClass().getDeclaredFields()) {
      if (f.getType() != ApplianceUnderTest.class) {
        continue;
      }
      try {
        f.setAccessible(true);
        ApplianceUnderTest appliance = (ApplianceUnderTest) f.get(instance);
        if (appliance != null) {
          System.err.println(
              "===== "
                  + context.getDisplayName()
                  + " failed; logs under "
                  + appliance.root()
                  + "\n"
                  + appliance.logTails());
        }
      } catch (IllegalAccessException e) {
        System.err.println("cannot read field " + f + ": " + e);
      }
    }
  }
}
