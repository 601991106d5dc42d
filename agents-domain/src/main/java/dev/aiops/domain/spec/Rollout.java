package dev.aiops.domain.spec;

/**
 * How a new version replaces the old one, and when to take it back.
 *
 * @param maxSurge                stateless only: an integer or a percentage, null for 25%
 * @param maxUnavailable          stateless only: an integer or a percentage, null for 0
 * @param progressDeadlineSeconds stateless only: null for 600
 * @param rollbackTriggers        the limits that call for a rollback, or null
 */
public record Rollout(String maxSurge, String maxUnavailable, Integer progressDeadlineSeconds,
                      RollbackTriggers rollbackTriggers) {

    /**
     * Roll back when, measured over {@code window}, the error rate or the p99 latency passes its limit.
     *
     * @param window           a Prometheus duration such as {@code 10m}
     * @param errorRatePercent the highest acceptable share of failing requests, in percent, or null
     * @param p99LatencyMs     the highest acceptable 99th-percentile latency, or null
     */
    public record RollbackTriggers(String window, Double errorRatePercent, Integer p99LatencyMs) {
    }
}
