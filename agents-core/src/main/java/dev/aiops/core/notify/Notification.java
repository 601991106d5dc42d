package dev.aiops.core.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened.
 *
 * @param type       a CloudEvents type such as {@code dev.aiops.action.executed}; required
 * @param subject    what it happened to, e.g. {@code deployment/web/frontend}; may be null
 * @param title      one line; required
 * @param text       the details; null becomes empty
 * @param severity   e.g. {@code info}, {@code warning}, {@code critical}; null or blank becomes {@code info}
 * @param attributes extra facts shown as fields, in their order; null becomes empty; no null keys or values
 * @param time       when it happened; null becomes now
 */
public record Notification(String type, String subject, String title, String text, String severity,
                           Map<String, String> attributes, Instant time) {

    public Notification {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a notification needs a type such as dev.aiops.action.executed");
        }
        Objects.requireNonNull(title, "title");
        text = text == null ? "" : text;
        severity = severity == null || severity.isBlank() ? "info" : severity;
        Map<String, String> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"),
                    Objects.requireNonNull(v, () -> "value of attribute " + k)));
        }
        attributes = Collections.unmodifiableMap(copy);
        time = time == null ? Instant.now() : time;
    }
}
