package dev.aiops.core.notify;

import dev.aiops.core.contract.Durations;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code notifications:} section of {@code config.yaml}:
 *
 * <pre>
 * notifications:
 *   sinks:
 *     - { type: slack, url: https://hooks.slack.com/services/T/B/X }
 *     - { type: webhook, url: http://127.0.0.1:9000/events, headers: { Authorization: "Bearer abc" }, source: aiops/oncall }
 *     - { type: stdout }
 *   retry: { attempts: 4, initialBackoff: 500ms, multiplier: 2 }
 * </pre>
 *
 * Every problem is an {@link IllegalArgumentException} naming the file and the field
 * ({@code notifications.sinks[1].url}); URLs and header values are never quoted, as they may be secrets.
 */
final class NotificationConfig {

    /** The sinks and retry policy read from a file; no sinks when the file or section is absent. */
    record Parsed(List<NotificationSink> sinks, RetryPolicy retry) {
    }

    private static final Set<String> SECTION_FIELDS = Set.of("sinks", "retry");
    private static final Set<String> RETRY_FIELDS = Set.of("attempts", "initialBackoff", "multiplier");
    private static final Map<String, List<String>> SINK_FIELDS = Map.of(
            "slack", List.of("type", "url"),
            "webhook", List.of("type", "url", "headers", "source"),
            "stdout", List.of("type"));

    private final Path file;

    private NotificationConfig(Path file) {
        this.file = file;
    }

    static Parsed read(Path file, PrintStream stdout) {
        if (file == null || !Files.isRegularFile(file)) {
            return new Parsed(List.of(), RetryPolicy.defaults());
        }
        return new NotificationConfig(file).parse(stdout);
    }

    private Parsed parse(PrintStream stdout) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + ": not valid YAML" + line + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
        JsonNode section = root == null || !root.isObject() ? null : root.get("notifications");
        if (section == null || section.isNull()) {
            return new Parsed(List.of(), RetryPolicy.defaults());
        }
        if (!section.isObject()) {
            throw problem("notifications", "must be a mapping with 'sinks' and optionally 'retry'");
        }
        onlyKnown(section, "notifications", SECTION_FIELDS, "expected sinks, retry");
        RetryPolicy retry = retry(section.get("retry"));
        JsonNode sinks = section.get("sinks");
        if (sinks == null || sinks.isNull()) {
            return new Parsed(List.of(), retry);
        }
        if (!sinks.isArray()) {
            throw problem("notifications.sinks", "must be a list of sinks");
        }
        List<NotificationSink> out = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) {
            out.add(sink("notifications.sinks[" + i + "]", sinks.get(i), stdout));
        }
        return new Parsed(List.copyOf(out), retry);
    }

    private NotificationSink sink(String field, JsonNode node, PrintStream stdout) {
        if (node == null || !node.isObject()) {
            throw problem(field, "must be a mapping with a type (slack, webhook or stdout)");
        }
        String type = string(field + ".type", node.get("type"), true);
        List<String> fields = SINK_FIELDS.get(type);
        if (fields == null) {
            throw problem(field + ".type", "unknown sink type '" + type + "' (expected slack, webhook or stdout)");
        }
        onlyKnown(node, field, Set.copyOf(fields), "a " + type + " sink has " + String.join(", ", fields));
        switch (type) {
            case "slack":
                return new SlackWebhookSink(url(field + ".url", node.get("url")));
            case "webhook":
                URI url = url(field + ".url", node.get("url"));
                Map<String, String> headers = headers(field + ".headers", node.get("headers"));
                String source = string(field + ".source", node.get("source"), false);
                return new CloudEventWebhookSink(url, headers, source);
            default:
                return new StdoutSink(stdout);
        }
    }

    private URI url(String field, JsonNode node) {
        String text = string(field, node, true);
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw problem(field, "is not a valid URL");
        }
        try {
            return WebhookPost.checkUrl(url);
        } catch (IllegalArgumentException e) {
            throw problem(field, e.getMessage());
        }
    }

    private Map<String, String> headers(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw problem(field, "must be a mapping of header names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            JsonNode value = node.get(name);
            if (!(value.isString() || value.isNumber() || value.isBoolean())) {
                throw problem(field + "." + name, "must be a string");
            }
            try {
                WebhookPost.checkHeader(name, value.asString());
            } catch (IllegalArgumentException e) {
                throw problem(field + "." + name, e.getMessage());
            }
            out.put(name, value.asString());
        }
        return out;
    }

    private RetryPolicy retry(JsonNode node) {
        RetryPolicy defaults = RetryPolicy.defaults();
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw problem("notifications.retry", "must be a mapping with attempts, initialBackoff, multiplier");
        }
        onlyKnown(node, "notifications.retry", RETRY_FIELDS, "expected attempts, initialBackoff, multiplier");
        int attempts = defaults.attempts();
        JsonNode a = node.get("attempts");
        if (a != null && !a.isNull()) {
            if (!a.isIntegralNumber() || !a.canConvertToInt() || a.intValue() < 1) {
                throw problem("notifications.retry.attempts", "must be a whole number of at least 1");
            }
            attempts = a.intValue();
        }
        Duration initial = defaults.initialBackoff();
        String backoff = string("notifications.retry.initialBackoff", node.get("initialBackoff"), false);
        if (backoff != null) {
            try {
                initial = Durations.parse(backoff);
            } catch (IllegalArgumentException e) {
                throw problem("notifications.retry.initialBackoff", e.getMessage());
            }
        }
        double multiplier = defaults.multiplier();
        JsonNode m = node.get("multiplier");
        if (m != null && !m.isNull()) {
            if (!m.isNumber() || !(m.doubleValue() >= 1) || Double.isInfinite(m.doubleValue())) {
                throw problem("notifications.retry.multiplier", "must be a number of at least 1");
            }
            multiplier = m.doubleValue();
        }
        try {
            return new RetryPolicy(attempts, initial, multiplier);
        } catch (IllegalArgumentException e) {
            throw problem("notifications.retry", e.getMessage());
        }
    }

    private String string(String field, JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw problem(field, "is missing");
            }
            return null;
        }
        if (!node.isString()) {
            throw problem(field, "must be a string");
        }
        String s = node.asString();
        if (s.isBlank()) {
            if (required) {
                throw problem(field, "is empty");
            }
            return null;
        }
        return s;
    }

    private void onlyKnown(JsonNode node, String field, Set<String> known, String expected) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw problem(field + "." + name, "is not a known field (" + expected + ")");
            }
        }
    }

    private IllegalArgumentException problem(String field, String message) {
        return new IllegalArgumentException(file + ": " + field + ": " + message);
    }
}
