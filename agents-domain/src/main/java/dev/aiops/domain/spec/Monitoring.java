package dev.aiops.domain.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerting beyond the SLOs.
 *
 * @param ruleLabels labels of the rendered PrometheusRule, so that Prometheus' ruleSelector picks it up
 * @param alerts     extra alerting rules
 */
public record Monitoring(Map<String, String> ruleLabels, List<Alert> alerts) {

    public Monitoring {
        ruleLabels = ruleLabels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ruleLabels));
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /**
     * One alerting rule.
     *
     * @param alert      the alert's name
     * @param expr       PromQL
     * @param forDuration how long {@code expr} must hold ({@code for}), or null
     * @param severity   {@code page} or {@code ticket}
     * @param summary    one line for the person paged
     * @param runbookUrl or null
     */
    public record Alert(String alert, String expr,
                        @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration,
                        String severity, String summary, String runbookUrl) {
    }
}
