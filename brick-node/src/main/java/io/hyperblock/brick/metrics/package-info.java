/**
 * Prometheus metrics of a brick (operations, bytes and latency per operation type, capacity) and
 * the HTTP endpoint that serves them at {@code /metrics}. Metric names start with {@code
 * hyperblock_brick_}.
 */
package io.hyperblock.brick.metrics;
