package dev.aiops.infra.metrics;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One {@code PodMetrics} object of {@code metrics.k8s.io/v1beta1} as {@link ContainerUsage}s: quantities in
 * Kubernetes notation ({@code 250m}, {@code 12345678n}, {@code 128Mi}, {@code 1Gi}, {@code 1e3}), the RFC 3339
 * {@code timestamp} and the Go duration {@code window} ({@code 30s}, {@code 1m0s}, {@code 20.051s}). What cannot
 * be read is a {@link MetricsException.Kind#BAD_RESPONSE} naming the pod and, for a quantity, the container.
 */
final class PodMetricsParser {

    /** The pause container, which some runtimes report. */
    static final String PAUSE = "POD";
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private PodMetricsParser() {
    }

    /** The usage of the containers of the pod that {@code body}, a {@code PodMetrics}, describes. */
    static List<ContainerUsage> parse(JsonNode body) throws MetricsException {
        String namespace = text(body.path("metadata").get("namespace"));
        String pod = text(body.path("metadata").get("name"));
        if (pod == null) throw bad("a PodMetrics without metadata.name");
        String where = "pod " + (namespace == null ? "" : namespace + "/") + pod;
        String timestampText = text(body.get("timestamp"));
        if (timestampText == null) throw bad(where + ": PodMetrics without a timestamp");
        Instant timestamp;
        try {
            timestamp = Instant.parse(timestampText);
        } catch (DateTimeParseException e) {
            throw bad(where + ": timestamp \"" + timestampText + "\" is not an RFC 3339 time");
        }
        String windowText = text(body.get("window"));
        if (windowText == null) throw bad(where + ": PodMetrics without a window");
        long window = windowSeconds(windowText);
        if (window < 0) throw bad(where + ": window \"" + windowText + "\" is not a duration such as 30s");
        List<ContainerUsage> out = new ArrayList<>();
        JsonNode containers = body.get("containers");
        if (containers == null || containers.isNull()) return out;
        if (!containers.isArray()) throw bad(where + ": containers is not a list");
        for (JsonNode c : containers) {
            String name = text(c.get("name"));
            if (name == null) throw bad(where + ": a container without a name");
            if (PAUSE.equals(name)) continue;
            JsonNode usage = c.path("usage");
            double cpu = quantity(where, name, "cpu", usage.get("cpu"));
            double memory = quantity(where, name, "memory", usage.get("memory"));
            out.add(new ContainerUsage(namespace, pod, name, cpu, memory, timestamp, window));
        }
        return out;
    }

    private static double quantity(String where, String container, String resource, JsonNode value)
            throws MetricsException {
        String text = value != null && value.isNumber() ? value.asString() : text(value);
        String what = where + ", container " + container + ": " + resource + " usage";
        if (text == null) throw bad(what + " is missing");
        BigDecimal amount;
        try {
            amount = new Quantity(text.strip()).getNumericalAmount();
        } catch (RuntimeException e) {
            throw bad(what + " \"" + text + "\" is not a Kubernetes quantity such as "
                    + ("cpu".equals(resource) ? "250m or 12345678n" : "128Mi or 1Gi"));
        }
        if (amount.signum() < 0) throw bad(what + " \"" + text + "\" is negative");
        return amount.doubleValue();
    }

    /** A Go duration ({@code 30s}, {@code 1m0s}, {@code 1.5s}, {@code 0}) in whole seconds, rounded; -1 if not one. */
    static long windowSeconds(String text) {
        String s = text.strip();
        if ("0".equals(s)) return 0;
        Matcher m = DURATION_PART.matcher(s);
        double seconds = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            seconds += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                case "s" -> n;
                case "ms" -> n / 1e3;
                case "ns" -> n / 1e9;
                default -> n / 1e6;
            };
            at = m.end();
        }
        return at == 0 || at != s.length() ? -1 : Math.round(seconds);
    }

    private static String text(JsonNode n) {
        return n == null || !n.isString() ? null : n.asString();
    }

    private static MetricsException bad(String message) {
        return new MetricsException(MetricsException.Kind.BAD_RESPONSE, "metrics.k8s.io: " + message, false);
    }
}
