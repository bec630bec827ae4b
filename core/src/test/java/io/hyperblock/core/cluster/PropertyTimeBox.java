package io.hyperblock.core.cluster;

import java.time.Duration;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * JUnit's {@code @Timeout} does not reach the jqwik engine, so the planner property classes use
 * this hook (as in the placement package): a property that ran longer than {@link #LIMIT} fails
 * once it returns. The properties are CPU-bound with a fixed number of tries, so they cannot hang.
 */
public class PropertyTimeBox implements AroundPropertyHook {
  static final Duration LIMIT = Duration.ofSeconds(20);

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    long start = System.nanoTime();
    PropertyExecutionResult result = property.execute();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (result.status() == PropertyExecutionResult.Status.SUCCESSFUL && took.compareTo(LIMIT) > 0) {
      return result.mapToFailed(
          context.label() + " took " + took.toMillis() + " ms, over the limit of " + LIMIT);
    }
    return result;
  }
}
