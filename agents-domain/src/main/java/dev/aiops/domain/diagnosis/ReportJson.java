package dev.aiops.domain.diagnosis;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The diagnosis-report v1 JSON form of a {@link DiagnosisReport}. */
public final class ReportJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportJson() {
    }

    public static ObjectNode toJson(DiagnosisReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", DiagnosisReport.SCHEMA_VERSION);
        o.put("generatedAt", r.generatedAt().toString());
        ObjectNode source = o.putObject("source");
        source.put("type", r.sourceType());
        if (r.sourceName() != null) source.put("name", r.sourceName());
        ObjectNode summary = o.putObject("summary");
        summary.put("objectsScanned", r.objectsScanned());
        summary.put("findings", r.findings().size());
        ObjectNode bySeverity = summary.putObject("bySeverity");
        for (Map.Entry<Severity, Integer> e : r.bySeverity().entrySet()) bySeverity.put(e.getKey().label(), e.getValue());
        summary.put("durationMs", r.durationMs());
        ArrayNode findings = o.putArray("findings");
        for (Finding f : r.findings()) findings.add(finding(f));
        if (!r.warnings().isEmpty()) {
            ArrayNode w = o.putArray("warnings");
            r.warnings().forEach(w::add);
        }
        return o;
    }

    public static String toPrettyString(DiagnosisReport r) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r));
    }

    static ObjectNode finding(Finding f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", f.id());
        o.put("category", f.category().name());
        o.put("severity", f.severity().label());
        o.set("object", ref(f.object()));
        if (f.owner() != null) o.set("owner", ref(f.owner()));
        o.put("summary", f.summary());
        o.put("rootCause", f.rootCause());
        ArrayNode ev = o.putArray("evidence");
        for (Evidence e : f.evidence()) ev.addObject().put("source", e.source()).put("text", e.text());
        ArrayNode rem = o.putArray("remediation");
        for (Remediation r : f.remediation()) {
            ObjectNode x = rem.addObject().put("description", r.description());
            if (r.command() != null) x.put("command", r.command());
            x.put("destructive", r.destructive());
        }
        if (!f.related().isEmpty()) {
            ArrayNode rel = o.putArray("related");
            f.related().forEach(x -> rel.add(ref(x)));
        }
        if (f.explanation() != null) o.put("explanation", f.explanation());
        return o;
    }

    /**
     * The report back from its JSON, as another agent receives it from {@code diagnosis.run}: the inverse of
     * {@link #toJson} (a finding with an unknown category or severity is an error naming it).
     */
    public static DiagnosisReport fromJson(JsonNode o) {
        java.util.List<Finding> findings = new java.util.ArrayList<>();
        for (JsonNode f : o.path("findings")) {
            java.util.List<Evidence> evidence = new java.util.ArrayList<>();
            f.path("evidence").forEach(e -> evidence.add(new Evidence(e.path("source").asString(),
                    e.path("text").asString())));
            java.util.List<Remediation> remediation = new java.util.ArrayList<>();
            f.path("remediation").forEach(r -> remediation.add(new Remediation(r.path("description").asString(),
                    r.path("command").asString(null), r.path("destructive").asBoolean(false))));
            java.util.List<ObjectRef> related = new java.util.ArrayList<>();
            f.path("related").forEach(r -> related.add(refOf(r)));
            Category category;
            Severity severity;
            try {
                category = Category.valueOf(f.path("category").asString());
                severity = Severity.valueOf(f.path("severity").asString().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("finding " + f.path("id").asString() + ": unknown category or"
                        + " severity (" + f.path("category").asString() + ", " + f.path("severity").asString() + ")");
            }
            findings.add(new Finding(f.path("id").asString(), category, severity, refOf(f.path("object")),
                    f.has("owner") ? refOf(f.get("owner")) : null, f.path("summary").asString(),
                    f.path("rootCause").asString(null), evidence, remediation, related,
                    f.path("explanation").asString(null)));
        }
        java.util.List<String> warnings = new java.util.ArrayList<>();
        o.path("warnings").forEach(w -> warnings.add(w.asString()));
        return new DiagnosisReport(java.time.Instant.parse(o.path("generatedAt").asString()),
                o.path("source").path("type").asString(), o.path("source").path("name").asString(null),
                o.path("summary").path("objectsScanned").asInt(), o.path("summary").path("durationMs").asLong(),
                findings, warnings);
    }

    private static ObjectRef refOf(JsonNode r) {
        return new ObjectRef(r.path("kind").asString(), r.path("namespace").asString(null), r.path("name").asString());
    }

    private static JsonNode ref(ObjectRef r) {
        ObjectNode o = JSON.createObjectNode().put("kind", r.kind());
        if (r.namespace() != null) o.put("namespace", r.namespace());
        return o.put("name", r.name());
    }
}
