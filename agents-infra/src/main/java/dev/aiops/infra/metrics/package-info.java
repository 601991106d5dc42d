/**
 * Tier 1 metrics: the Prometheus HTTP API ({@code metrics.query}, {@code metrics.range}) read as a stream in
 * chunked windows, and metrics-server ({@code metrics.k8s.io}) for a point-in-time view when no Prometheus is
 * configured.
 */
package dev.aiops.infra.metrics;
