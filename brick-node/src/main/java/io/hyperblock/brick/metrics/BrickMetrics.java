package io.hyperblock.brick.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The brick's metrics, in a registry of its own (so several bricks can run in one test JVM).
 *
 * <ul>
 *   <li>{@code hyperblock_brick_ops_total{op,outcome}}: completed operations; outcome is the gRPC
 *       status code in lower case ({@code ok}, {@code failed_precondition}, ...)
 *   <li>{@code hyperblock_brick_bytes_total{op}}: payload bytes written, read or streamed
 *   <li>{@code hyperblock_brick_op_duration_seconds{op}}: latency histogram, 100 us .. 2.5 s
 *   <li>{@code hyperblock_brick_capacity_bytes}, {@code _used_bytes}, {@code _free_bytes}, {@code
 *       hyperblock_brick_shards}: sampled from the store at scrape time
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class BrickMetrics implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter ops;
  private final Counter bytes;
  private final Histogram latency;
  private HTTPServer http;

  /**
   * @param capacity sampled on every scrape; must be cheap and must not throw
   */
  public BrickMetrics(Supplier<CapacitySnapshot> capacity) {
    ops =
        Counter.builder()
            .name("hyperblock_brick_ops_total")
            .help("Brick operations completed, by type and gRPC outcome")
            .labelNames("op", "outcome")
            .register(registry);
    bytes =
        Counter.builder()
            .name("hyperblock_brick_bytes_total")
            .help("Payload bytes moved by brick operations")
            .labelNames("op")
            .register(registry);
    latency =
        Histogram.builder()
            .name("hyperblock_brick_op_duration_seconds")
            .help("Brick operation latency, from request received to response sent")
            .labelNames("op")
            .classicOnly()
            .classicUpperBounds(
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                1.0, 2.5)
            .register(registry);
    gauge(
        "hyperblock_brick_capacity_bytes",
        "Bytes this brick may store",
        capacity,
        CapacitySnapshot::capacityBytes);
    gauge("hyperblock_brick_used_bytes", "Bytes stored", capacity, CapacitySnapshot::usedBytes);
    gauge("hyperblock_brick_free_bytes", "Bytes still free", capacity, CapacitySnapshot::freeBytes);
    gauge("hyperblock_brick_shards", "Shards held", capacity, CapacitySnapshot::shardCount);
  }

  /**
   * Records one finished operation.
   *
   * @param outcome gRPC status code name, e.g. {@code OK}
   * @param payloadBytes bytes written/read/streamed, 0 for none
   * @param nanos elapsed time
   */
  public void record(BrickOp op, String outcome, long payloadBytes, long nanos) {
    ops.labelValues(op.label(), outcome.toLowerCase(Locale.ROOT)).inc();
    if (payloadBytes > 0) {
      bytes.labelValues(op.label()).inc(payloadBytes);
    }
    latency.labelValues(op.label()).observe(nanos / 1e9);
  }

  /**
   * Starts the {@code /metrics} HTTP endpoint.
   *
   * @param port 0 picks an ephemeral port
   * @return the port actually bound
   * @throws IOException if the port cannot be bound
   */
  public synchronized int serve(String bindAddress, int port) throws IOException {
    if (http != null) {
      throw new IllegalStateException("metrics endpoint already started on " + http.getPort());
    }
    http = HTTPServer.builder().hostname(bindAddress).port(port).registry(registry).buildAndStart();
    return http.getPort();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.close();
      http = null;
    }
  }

  private void gauge(
      String name,
      String help,
      Supplier<CapacitySnapshot> source,
      ToLongFunction<CapacitySnapshot> field) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(field.applyAsLong(source.get())))
        .register(registry);
  }
}
