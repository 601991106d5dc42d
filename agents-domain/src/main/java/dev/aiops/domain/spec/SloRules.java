package dev.aiops.domain.spec;

import dev.aiops.core.contract.Durations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus rules a spec implies: for each SLO, error ratios recorded over five windows and the
 * multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter 5, "Alerting on SLOs"); rollback
 * triggers as alerts labelled {@code action: rollback}; and the spec's own alerts.
 *
 * <p>The workbook's burn rates (14.4, 6, 1) are for a 30-day window: they spend 2% of the budget in 1 hour, 5% in
 * 6 hours and 10% in 3 days. For another window the same shares are kept, so the rates scale with it. Only
 * production pages; elsewhere every alert is a ticket.
 */
final class SloRules {

    /** One alert of the workbook: a share of the budget spent within a long window, confirmed by a short one. */
    private record BurnAlert(String budgetShare, String longWindow, String shortWindow, String severity) {
    }

    private static final List<BurnAlert> BURN_ALERTS = List.of(
            new BurnAlert("0.02", "1h", "5m", "page"),
            new BurnAlert("0.05", "6h", "30m", "page"),
            new BurnAlert("0.10", "3d", "6h", "ticket"));
    private static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d");
    private static final MathContext MATH = MathContext.DECIMAL64;

    private SloRules() {
    }

    /** The rule groups, empty when the spec has no SLO, no rollback trigger and no alert. */
    static List<Map<String, Object>> groups(DeploymentSpec spec, EnvironmentSpec at) {
        List<Map<String, Object>> groups = new ArrayList<>();
        Slos slos = spec.slos();
        String selector = "job=\"" + spec.name() + "\",namespace=\"" + at.namespace() + "\"";
        if (slos != null && slos.availability() != null) {
            Slos.Availability a = slos.availability();
            String good = a.goodEvents() != null ? a.goodEvents()
                    : "sum(rate(http_requests_total{" + selector + ",code!~\"5..\"}[{{window}}]))";
            String total = a.totalEvents() != null ? a.totalEvents()
                    : "sum(rate(http_requests_total{" + selector + "}[{{window}}]))";
            groups.add(sloGroup(spec, at, "availability", a.objective(), good, total, slos.windowOrDefault()));
        }
        if (slos != null && slos.latency() != null) {
            Slos.Latency l = slos.latency();
            String le = decimal(BigDecimal.valueOf(l.thresholdMs()).movePointLeft(3));
            String good = l.goodEvents() != null ? l.goodEvents()
                    : "sum(rate(http_request_duration_seconds_bucket{" + selector + ",le=\"" + le + "\"}[{{window}}]))";
            String total = l.totalEvents() != null ? l.totalEvents()
                    : "sum(rate(http_request_duration_seconds_count{" + selector + "}[{{window}}]))";
            groups.add(sloGroup(spec, at, "latency", l.percentile(), good, total, slos.windowOrDefault()));
        }
        Rollout.RollbackTriggers triggers = spec.rollout().rollbackTriggers();
        if (triggers != null) groups.add(rollbackGroup(spec, at, triggers, selector));
        if (spec.monitoring() != null && !spec.monitoring().alerts().isEmpty()) groups.add(alertGroup(spec, at));
        return groups;
    }

    private static Map<String, Object> sloGroup(DeploymentSpec spec, EnvironmentSpec at, String slo, double objective,
                                                String good, String total, String window) {
        List<Object> rules = new ArrayList<>();
        Map<String, String> sloLabels = new LinkedHashMap<>();
        sloLabels.put("service", spec.name());
        sloLabels.put("namespace", at.namespace());
        sloLabels.put("slo", slo);
        for (String w : WINDOWS) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("record", "slo:sli_error:ratio_rate" + w);
            r.put("expr", ratioOfErrors(good, total, w));
            r.put("labels", sloLabels);
            rules.add(r);
        }
        BigDecimal budget = BigDecimal.ONE.subtract(BigDecimal.valueOf(objective).movePointLeft(2));
        BigDecimal windowHours = BigDecimal.valueOf(Durations.parse(window).toMinutes()).divide(BigDecimal.valueOf(60), MATH);
        String series = "{service=\"" + spec.name() + "\",namespace=\"" + at.namespace() + "\",slo=\"" + slo + "\"}";
        for (BurnAlert b : BURN_ALERTS) {
            BigDecimal longHours = BigDecimal.valueOf(Durations.parse(b.longWindow()).toMinutes())
                    .divide(BigDecimal.valueOf(60), MATH);
            BigDecimal burnRate = new BigDecimal(b.budgetShare()).multiply(windowHours).divide(longHours, MATH);
            String threshold = decimal(burnRate.multiply(budget, MATH));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("alert", camel(spec.name()) + camel(slo) + "ErrorBudgetBurn");
            r.put("expr", "slo:sli_error:ratio_rate" + b.longWindow() + series + " > " + threshold
                    + "\nand\nslo:sli_error:ratio_rate" + b.shortWindow() + series + " > " + threshold);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("severity", severity(b.severity(), at));
            labels.put("service", spec.name());
            labels.put("team", spec.service().team());
            labels.put("slo", slo);
            labels.put("long_window", b.longWindow());
            labels.put("short_window", b.shortWindow());
            r.put("labels", labels);
            r.put("annotations", Map.of("summary", spec.name() + " is spending its " + slo + " error budget "
                    + decimal(burnRate) + "x as fast as the " + window + " objective of "
                    + decimal(BigDecimal.valueOf(objective)) + "% allows: "
                    + new BigDecimal(b.budgetShare()).movePointRight(2).stripTrailingZeros().toPlainString()
                    + "% of the budget in " + b.longWindow()));
            rules.add(r);
        }
        return group(spec.name() + "-slo-" + slo, rules);
    }

    private static Map<String, Object> rollbackGroup(DeploymentSpec spec, EnvironmentSpec at,
                                                     Rollout.RollbackTriggers t, String selector) {
        List<Object> rules = new ArrayList<>();
        String w = t.window();
        if (t.errorRatePercent() != null) {
            Slos.Availability a = spec.slos() == null ? null : spec.slos().availability();
            String good = a != null && a.goodEvents() != null ? a.goodEvents()
                    : "sum(rate(http_requests_total{" + selector + ",code!~\"5..\"}[{{window}}]))";
            String total = a != null && a.totalEvents() != null ? a.totalEvents()
                    : "sum(rate(http_requests_total{" + selector + "}[{{window}}]))";
            String limit = decimal(BigDecimal.valueOf(t.errorRatePercent()));
            rules.add(rollbackAlert(spec, at, camel(spec.name()) + "RollbackErrorRate",
                    "100 * (\n" + ratioOfErrors(good, total, w).indent(2) + ") > " + limit,
                    spec.name() + " has failed more than " + limit + "% of requests over " + w + ": roll back the"
                            + " last rollout"));
        }
        if (t.p99LatencyMs() != null) {
            rules.add(rollbackAlert(spec, at, camel(spec.name()) + "RollbackLatency",
                    "1000 * histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
                            + selector + "}[" + w + "]))) > " + t.p99LatencyMs(),
                    spec.name() + "'s p99 latency has been above " + t.p99LatencyMs() + " ms over " + w
                            + ": roll back the last rollout"));
        }
        return group(spec.name() + "-rollback", rules);
    }

    /** The share of events that are not good over {@code window}, one query per line. */
    private static String ratioOfErrors(String good, String total, String window) {
        return "1 - (\n  " + good.replace("{{window}}", window) + "\n/\n  " + total.replace("{{window}}", window) + "\n)";
    }

    private static Map<String, Object> rollbackAlert(DeploymentSpec spec, EnvironmentSpec at, String name,
                                                     String expr, String summary) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("alert", name);
        r.put("expr", expr);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity("page", at));
        labels.put("service", spec.name());
        labels.put("team", spec.service().team());
        labels.put("action", "rollback");
        r.put("labels", labels);
        r.put("annotations", Map.of("summary", summary));
        return r;
    }

    private static Map<String, Object> alertGroup(DeploymentSpec spec, EnvironmentSpec at) {
        List<Object> rules = new ArrayList<>();
        for (Monitoring.Alert a : spec.monitoring().alerts()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("alert", a.alert());
            r.put("expr", a.expr());
            if (a.forDuration() != null) r.put("for", a.forDuration());
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("severity", severity(a.severity(), at));
            labels.put("service", spec.name());
            labels.put("team", spec.service().team());
            r.put("labels", labels);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("summary", a.summary());
            if (a.runbookUrl() != null) annotations.put("runbook_url", a.runbookUrl());
            r.put("annotations", annotations);
            rules.add(r);
        }
        return group(spec.name() + "-alerts", rules);
    }

    private static Map<String, Object> group(String name, List<Object> rules) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", name);
        g.put("rules", rules);
        return g;
    }

    /** Only production pages: elsewhere a page is a ticket, so nobody is woken for a test environment. */
    private static String severity(String wanted, EnvironmentSpec at) {
        return at.production() ? wanted : "ticket";
    }

    /** {@code orders-db} to {@code OrdersDb}, for alert names. */
    static String camel(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return b.toString();
    }

    /** The shortest plain decimal, at most six places: {@code 0.0144}, {@code 14.4}, {@code 1}. */
    static String decimal(BigDecimal d) {
        BigDecimal r = d.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }
}
