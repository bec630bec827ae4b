package io.hyperblock.core.layout;

import java.time.Duration;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The time limit of a jqwik property class, which the jqwik engine does not take from JUnit's
 * {@code @Timeout}. Register it on the class with {@code @AddLifecycleHook(value =
 * PropertyTimeLimit.class, propagateTo = PropagationMode.ALL_DESCENDANTS)}.
 *
 * <p>jqwik only runs a property on its own thread (it refuses one spawned by a hook), so like
 * JUnit's default {@code SAME_THREAD} timeout mode this fails a property that ran past {@link
 * #LIMIT} once it returns; it cannot abort a loop that never ends. That keeps slow generators or an
 * accidentally quadratic check from silently eating the shared 2-core machine.
 */
public final class PropertyTimeLimit implements AroundPropertyHook {

  /** Generous for a 2-core machine shared with other builds; each property takes well under 1 s. */
  static final Duration LIMIT = Duration.ofSeconds(20);

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    long start = System.nanoTime();
    PropertyExecutionResult result = property.execute();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (elapsed.compareTo(LIMIT) > 0
        && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
      return result.mapToFailed(
          "property '" + context.label() + "' took " + elapsed + ", over its limit of " + LIMIT);
    }
    return result;
  }
}
