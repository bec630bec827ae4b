package io.hyperblock.core.placement;

import java.time.Duration;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * JUnit's {@code @Timeout} does not reach the jqwik engine, so jqwik classes in this package use
 * this hook: a property that runs longer than {@link #LIMIT} fails (checked after it returns; the
 * properties are CPU-bound loops with a fixed number of tries, so they cannot hang).
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
