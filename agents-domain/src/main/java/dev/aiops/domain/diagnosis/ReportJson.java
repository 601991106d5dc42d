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

    private static JsonNode ref(ObjectRef r) {
        ObjectNode o = JSON.createObjectNode().put("kind", r.kind());
        if (r.namespace() != null) o.put("namespace", r.namespace());
        return o.put("name", r.name());
    }
}
