package dev.aiops.domain.scaling;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** The PromQL the advisor runs, built from the configured metric and label names. */
final class Queries {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final MetricNames n;
    private final String scope;
    private final String namespaceScope;

    Queries(MetricNames names, Set<String> namespaces, String workload) {
        this.n = names;
        if (workload != null && !NAME.matcher(workload).matches()) {
            throw new IllegalArgumentException("'" + workload + "' is not a workload name (RFC 1123 subdomain)");
        }
        for (String ns : namespaces) {
            if (!NAMESPACE.matcher(ns).matches()) {
                throw new IllegalArgumentException("'" + ns + "' is not a namespace name (RFC 1123 label)");
            }
        }
        String ns = namespaces.isEmpty() ? "" : n.namespaceLabel() + "=~\"" + String.join("|", namespaces) + "\"";
        // a workload's pods are named after it: web, web-7d4b9c6f5-x2x9q, db-0
        String pods = workload == null ? "" : n.podLabel() + "=~\"" + workload.replace(".", "\\\\.") + "(-.*)?\"";
        this.scope = ns.isEmpty() ? pods : pods.isEmpty() ? ns : ns + "," + pods;
        this.namespaceScope = ns.isEmpty() ? "" : "{" + ns + "}";
    }

    private String containers() {
        return "{" + (scope.isEmpty() ? "" : scope + ",") + n.containerLabel() + "!=\"\"," + n.containerLabel()
                + "!=\"POD\"}";
    }

    private String by() {
        return " by (" + n.namespaceLabel() + "," + n.podLabel() + "," + n.containerLabel() + ") ";
    }

    /**
     * Samples per hour of the coarsest CPU series that also had samples the hour before (so pods that just started
     * do not count): every series then has at least two samples per rate window.
     */
    String samplesPerHour() {
        String m = n.cpuUsage() + containers();
        return "min(count_over_time(" + m + "[1h]) and count_over_time(" + m + "[1h] offset 1h))";
    }

    String cpu(Duration rateWindow) {
        return "sum" + by() + "(rate(" + n.cpuUsage() + containers() + "[" + rateWindow.toSeconds() + "s]))";
    }

    String memory(Duration step) {
        return "max" + by() + "(max_over_time(" + n.memoryUsage() + containers() + "[" + step.toSeconds() + "s]))";
    }

    String oomKilled(Duration window) {
        return "max" + by() + "(max_over_time(" + n.lastTerminated() + "{" + (scope.isEmpty() ? "" : scope + ",")
                + "reason=\"OOMKilled\"}[" + window.toSeconds() + "s]))";
    }

    String restarts(Duration window) {
        return "max" + by() + "(changes(" + n.restarts() + containers() + "[" + window.toSeconds() + "s]))";
    }

    String podOwners(Duration lookback) {
        return "max by (" + n.namespaceLabel() + "," + n.podLabel() + ",owner_kind,owner_name) (max_over_time("
                + n.podOwner() + sel() + "[" + lookback.toSeconds() + "s]))";
    }

    String replicaSetOwners(Duration lookback) {
        return "max by (" + n.namespaceLabel() + ",replicaset,owner_kind,owner_name) (max_over_time("
                + n.replicaSetOwner() + namespaceScope + "[" + lookback.toSeconds() + "s]))";
    }

    String resources(boolean limits, Duration lookback) {
        return "max" + " by (" + n.namespaceLabel() + "," + n.podLabel() + "," + n.containerLabel() + ",resource) "
                + "(last_over_time(" + (limits ? n.limits() : n.requests()) + sel() + "[" + lookback.toSeconds()
                + "s]))";
    }

    private String sel() {
        return scope.isEmpty() ? "" : "{" + scope + "}";
    }
}
