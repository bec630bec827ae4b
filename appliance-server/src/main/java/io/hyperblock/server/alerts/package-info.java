/**
 * What an operator must look at: alerts (down or nearly full bricks, degraded or unavailable
 * volumes, stalled rebuilds, a failing audit log) and the Prometheus gauges behind them.
 *
 * <p>{@link io.hyperblock.server.alerts.AlertEvaluator} is pure: a snapshot of the cluster ({@link
 * io.hyperblock.server.alerts.AlertInput}) and thresholds in, alerts out. {@link
 * io.hyperblock.server.alerts.LiveAlertService} takes the snapshot through the application services
 * (never the metadata store), remembers when each alert first fired, and {@link
 * io.hyperblock.server.alerts.HealthMetrics} exposes the same data as gauges. {@link
 * io.hyperblock.server.alerts.Observability} builds all of it, with the audit log, for one server.
 */
package io.hyperblock.server.alerts;
