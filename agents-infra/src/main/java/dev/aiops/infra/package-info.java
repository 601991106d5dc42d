/**
 * Tier 1 infrastructure agents: the Kubernetes cluster reader, pod logs, Prometheus metrics and deployment
 * operations. Their skills are declared in {@code skills/k8s-*.yaml} and {@code skills/prometheus-metrics.yaml};
 * handlers bound here are the only code that talks to infrastructure.
 */
package dev.aiops.infra;
