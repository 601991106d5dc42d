package dev.aiops.composite.postmortem;

import dev.aiops.core.contract.Durations;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Writes a post-mortem from an incident timeline (the incident-timeline v1 contract) and a diagnosis, with no model:
 * impact and detection from the timeline's markers, root causes from the most severe findings with their evidence,
 * contributing factors from policy violations on the affected objects, action items from the findings' remediations.
 */
public final class PostmortemWriter {

    private static final int TIMELINE_LINES = 60;

    private PostmortemWriter() {
    }

    /**
     * @param timeline the timeline of the window (contract JSON)
     * @param report    the diagnosis of the same source
     * @param incident  the finding the post-mortem is about, or null for every finding in the namespaces involved
     */
    public static Postmortem write(JsonNode timeline, DiagnosisReport report, Finding incident, Instant start,
                                   Instant end) {
        List<Finding> problems = problems(report, incident);
        Set<String> namespaces = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        for (Finding f : problems) {
            if (f.object().namespace() != null) namespaces.add(f.object().namespace());
            services.add((f.owner() != null ? f.owner() : f.object()).toString());
        }
        JsonNode entries = timeline.path("entries");
        JsonNode markers = timeline.path("markers");
        JsonNode firstError = entry(entries, markers, "firstError");
        JsonNode recovery = entry(entries, markers, "recovery");
        JsonNode detection = entry(entries, markers, "detection");
        JsonNode trigger = entry(entries, markers, "trigger");
        Instant impactStart = time(firstError);
        Instant impactEnd = time(recovery);
        Instant detected = time(detection);
        Duration ttd = impactStart != null && detected != null ? Duration.between(impactStart, detected).abs() : null;
        List<Postmortem.Cause> causes = new ArrayList<>();
        for (Finding f : problems) {
            if (f.category() == Category.PolicyViolation || causes.size() >= 3) continue;
            causes.add(new Postmortem.Cause(f.id(), f.severity().label(), f.object().toString(),
                    f.rootCause() != null ? f.rootCause() : f.summary(),
                    f.evidence().stream().map(e -> "[" + e.source() + "] " + e.text()).toList()));
        }
        List<String> contributing = new ArrayList<>();
        for (Finding f : report.findings()) {
            if (f.category() == Category.PolicyViolation && affects(f, namespaces, services)) {
                contributing.add(f.object() + ": " + f.summary());
            }
        }
        List<String> well = new ArrayList<>();
        List<String> badly = new ArrayList<>();
        if (ttd != null) {
            (ttd.compareTo(Duration.ofMinutes(5)) <= 0 ? well : badly).add("detected " + Durations.text(ttd)
                    + " after the first error");
        } else if (impactStart != null) {
            badly.add("no alerting signal (Warning event or failing probe) was found after the first error");
        }
        if (impactEnd != null) {
            well.add("recovered at " + impactEnd + (impactStart != null ? ", " + Durations.text(
                    Duration.between(impactStart, impactEnd)) + " after the first error" : ""));
        } else if (impactStart != null) {
            badly.add("not recovered by the end of the window (" + end + ")");
        }
        if (trigger != null) well.add("the change that triggered it is on record: " + line(trigger));
        if (!contributing.isEmpty()) {
            badly.add(contributing.size() + " policy violations on the affected objects (see contributing factors)");
        }
        List<Postmortem.Action> actions = new ArrayList<>();
        for (Finding f : problems) {
            String priority = f.severity().atLeast(Severity.HIGH) ? "P1" : f.severity() == Severity.MEDIUM ? "P2" : "P3";
            for (Remediation r : f.remediation()) {
                actions.add(new Postmortem.Action(priority, f.object() + ": " + r.description(), r.command()));
            }
        }
        for (Finding f : report.findings()) {
            if (f.category() == Category.PolicyViolation && affects(f, namespaces, services)) {
                actions.add(new Postmortem.Action("P3", f.object() + ": " + f.summary(), null));
            }
        }
        String title = causes.isEmpty() ? "No incident found in the window" : causes.get(0).rootCause();
        String summary = summary(problems, causes, impactStart, impactEnd, namespaces);
        return new Postmortem(title, start, end, summary, List.copyOf(namespaces), List.copyOf(services),
                impactStart, impactEnd, detection == null ? null : line(detection), ttd,
                trigger == null ? null : line(trigger), causes, contributing, well, badly, actions,
                timelineLines(entries, markers), null);
    }

    private static List<Finding> problems(DiagnosisReport report, Finding incident) {
        List<Finding> out = new ArrayList<>();
        if (incident != null) {
            out.add(incident);
            for (Finding f : report.findings()) {
                if (f != incident && !f.id().equals(incident.id()) && f.category() != Category.PolicyViolation
                        && (f.object().equals(incident.object()) || (incident.owner() != null
                        && incident.owner().equals(f.owner())) || f.related().contains(incident.object()))) {
                    out.add(f);
                }
            }
            return out;
        }
        for (Finding f : report.findings()) {
            if (f.category() != Category.PolicyViolation) out.add(f);
        }
        out.sort(Comparator.comparing(Finding::severity));
        return out;
    }

    private static boolean affects(Finding f, Set<String> namespaces, Set<String> services) {
        String own = (f.owner() != null ? f.owner() : f.object()).toString();
        return services.contains(own) || services.contains(f.object().toString())
                || (f.object().namespace() != null && namespaces.contains(f.object().namespace())
                && services.stream().anyMatch(s -> s.endsWith("/" + f.object().name())));
    }

    private static String summary(List<Finding> problems, List<Postmortem.Cause> causes, Instant from, Instant to,
                                  Set<String> namespaces) {
        if (causes.isEmpty()) return "The diagnosis found no problem in the window.";
        StringBuilder b = new StringBuilder();
        b.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append(" in ")
                .append(namespaces.isEmpty() ? "the cluster" : "namespace" + (namespaces.size() > 1 ? "s " : " ")
                        + String.join(", ", namespaces)).append(". The most severe (")
                .append(causes.get(0).severity()).append("): ").append(causes.get(0).rootCause()).append('.');
        if (from != null) {
            b.append(" Errors began at ").append(from).append(to != null ? " and stopped at " + to + "."
                    : " and had not stopped by the end of the window.");
        }
        return b.toString();
    }

    private static List<String> timelineLines(JsonNode entries, JsonNode markers) {
        Set<Integer> marked = new LinkedHashSet<>();
        markers.properties().forEach(e -> marked.add(e.getValue().asInt(-1)));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size() && out.size() < TIMELINE_LINES; i++) {
            JsonNode e = entries.get(i);
            String level = e.path("level").asString("info");
            if (marked.contains(i) || !level.equals("info")) {
                String mark = "";
                for (var m : markers.properties()) {
                    if (m.getValue().asInt(-1) == i) mark += " [" + m.getKey() + "]";
                }
                out.add(line(e) + mark);
            }
        }
        return out;
    }

    private static JsonNode entry(JsonNode entries, JsonNode markers, String marker) {
        JsonNode i = markers.get(marker);
        return i == null || !i.isInt() || i.asInt() < 0 || i.asInt() >= entries.size() ? null : entries.get(i.asInt());
    }

    static String line(JsonNode e) {
        JsonNode o = e.path("object");
        String object = o.isObject() ? o.path("kind").asString("") + " " + (o.has("namespace")
                ? o.path("namespace").asString() + "/" : "") + o.path("name").asString("")
                + (o.has("container") ? " [" + o.path("container").asString() + "]" : "") : o.asString("");
        String count = e.path("count").asInt(1) > 1 ? " (x" + e.path("count").asInt() + ")" : "";
        return e.path("time").asString("?") + "  " + e.path("source").asString("") + "  " + object + ": "
                + e.path("text").asString("").replace('\n', ' ') + count;
    }

    private static Instant time(JsonNode e) {
        if (e == null) return null;
        try {
            return Instant.parse(e.path("time").asString());
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    static String evidenceText(Evidence e) {
        return "[" + e.source() + "] " + e.text();
    }
}
