package dev.aiops.cli;

import dev.aiops.core.contract.Durations;
import dev.aiops.domain.scaling.AdvisorSettings;
import dev.aiops.domain.scaling.MetricNames;
import dev.aiops.domain.scaling.PriceModel;
import dev.aiops.infra.metrics.PrometheusSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What {@code aiops scale advise} and {@code report} share: sources, scope and how to recommend. */
final class ScaleOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "Prometheus HTTP API base URL. Default: $AIOPS_PROMETHEUS_URL. Without one, metrics-server's"
                    + " point-in-time view of --context or --demo is used, at low confidence.")
    URI prometheus;

    @Option(names = "--prometheus-token-file", paramLabel = "FILE",
            description = "A bearer token for Prometheus, read from FILE (or $AIOPS_PROMETHEUS_TOKEN).")
    Path tokenFile;

    @Option(names = "--prometheus-user", paramLabel = "USER",
            description = "Basic auth user; the password is read from $AIOPS_PROMETHEUS_PASSWORD.")
    String user;

    @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NS", description = "Only these namespaces.")
    List<String> namespaces = List.of();

    @Option(names = {"-l", "--selector"}, paramLabel = "LABELS",
            description = "Only workloads with these labels (needs a cluster source).")
    String selector;

    @Option(names = "--window", defaultValue = "14d", paramLabel = "DURATION",
            description = "History to read. Default: ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--end", paramLabel = "TIME", description = "The window's end, RFC 3339. Default: now.")
    String end;

    @Option(names = "--cpu-percentile", paramLabel = "P", description = "CPU percentile (0-1]. Default: 0.9.")
    Double cpuPercentile;

    @Option(names = "--memory-percentile", paramLabel = "P",
            description = "Percentile of daily memory peaks (0-1]. Default: 0.95.")
    Double memoryPercentile;

    @Option(names = "--half-life", paramLabel = "DURATION", description = "Decay half-life of samples. Default: 24h.")
    String halfLife;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML with 'metrics:' (names for relabeled clusters: cpuUsage, memoryUsage, podLabel, ...)"
                    + " and 'prices:' (cpuHour, gibHour, currency, pools: {NAME: {cpuHour, gibHour}}).")
    Path config;

    Duration window() {
        return Durations.parse(window);
    }

    Instant end() {
        try {
            return end == null ? null : Instant.parse(end);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--end '" + end + "' is not an RFC 3339 time such as"
                    + " 2026-12-01T00:00:00Z");
        }
    }

    /** The Prometheus to read, or null when none is configured. */
    PrometheusSettings prometheus(Map<String, String> env) throws IOException {
        URI url = prometheus != null ? prometheus
                : env.containsKey("AIOPS_PROMETHEUS_URL") ? URI.create(env.get("AIOPS_PROMETHEUS_URL")) : null;
        if (url == null) return null;
        PrometheusSettings s = PrometheusSettings.of(url);
        String token = tokenFile != null ? Files.readString(tokenFile).strip() : env.get("AIOPS_PROMETHEUS_TOKEN");
        if (token != null && !token.isBlank()) s = s.withBearerToken(token);
        if (user != null) s = s.withBasicAuth(user, env.getOrDefault("AIOPS_PROMETHEUS_PASSWORD", ""));
        return s;
    }

    AdvisorSettings settings() throws IOException {
        AdvisorSettings s = AdvisorSettings.DEFAULT;
        if (config != null) {
            JsonNode root = YAMLMapper.builder().build().readTree(config.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(config + ": expected a mapping with 'metrics' and/or 'prices'");
            }
            Map<String, String> names = new LinkedHashMap<>();
            root.path("metrics").properties().forEach(e -> names.put(e.getKey(), e.getValue().asString()));
            if (!names.isEmpty()) s = s.withNames(MetricNames.DEFAULT.with(names));
            JsonNode p = root.path("prices");
            if (p.isObject()) {
                Map<String, PriceModel.Price> pools = new LinkedHashMap<>();
                p.path("pools").properties().forEach(e -> pools.put(e.getKey(), new PriceModel.Price(
                        number(e.getValue(), "cpuHour", "prices.pools." + e.getKey()),
                        number(e.getValue(), "gibHour", "prices.pools." + e.getKey()))));
                s = s.withPrices(new PriceModel(p.has("cpuHour") ? number(p, "cpuHour", "prices")
                        : PriceModel.DEFAULT.cpuHour(), p.has("gibHour") ? number(p, "gibHour", "prices")
                        : PriceModel.DEFAULT.gibHour(), p.path("currency").asString("USD"), pools));
            }
        }
        if (cpuPercentile != null || memoryPercentile != null) {
            s = s.withPercentiles(cpuPercentile != null ? cpuPercentile : s.cpuPercentile(),
                    memoryPercentile != null ? memoryPercentile : s.memoryPercentile());
        }
        if (halfLife != null) s = s.withHalfLife(Durations.parse(halfLife));
        return s;
    }

    private double number(JsonNode o, String field, String where) {
        JsonNode v = o.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(config + ": " + where + "." + field + " must be a number, not "
                    + (v.isMissingNode() ? "missing" : v.toString()));
        }
        return v.asDouble();
    }
}
