package dev.aiops.domain.eval;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scenario's {@code expected.json}: what really happened ({@code description}), the findings a diagnosis must
 * report, and the objects that must get no critical, high or medium finding. With no expected finding the whole
 * scenario is expected healthy.
 */
public record Expectations(String description, List<ExpectedFinding> findings, List<ObjectRef> healthy) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TOP_FIELDS = Set.of("description", "findings", "healthy");
    private static final Set<String> FINDING_FIELDS = Set.of("category", "kind", "namespace", "name", "ownerKind",
            "ownerName", "keywords", "severity");
    private static final Set<String> OBJECT_FIELDS = Set.of("kind", "namespace", "name");
    /** Kinds a recorded scenario lists as healthy: controllers, their front doors and nodes, not pods. */
    private static final List<String> HEALTHY_KINDS = List.of("Node", "Deployment", "StatefulSet", "DaemonSet",
            "CronJob", "Job", "Service", "Ingress");

    public Expectations {
        description = description == null ? "" : description;
        findings = List.copyOf(findings);
        healthy = List.copyOf(healthy);
    }

    /** True when nothing is expected to be wrong: then any finding of medium severity or above is a false alarm. */
    public boolean expectsHealthy() {
        return findings.isEmpty();
    }

    /**
     * Reads an {@code expected.json}.
     *
     * @throws ScenarioException naming the file and the JSON pointer of every problem
     */
    public static Expectations read(Path file) {
        if (!Files.isRegularFile(file)) throw new ScenarioException(file + ": no such file");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (StreamReadException e) {
            String at = e.processor() == null ? "" : e.processor().streamReadContext().pathAsPointer().toString();
            throw new ScenarioException(file + ": not valid JSON at " + (at.isEmpty() ? "/" : at) + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (JacksonException e) {
            throw new ScenarioException(file + ": cannot be read: " + e.getOriginalMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        Expectations expectations = parse(root, problems);
        if (!problems.isEmpty()) throw new ScenarioException(file + ": " + String.join("; ", problems));
        return expectations;
    }

    private static Expectations parse(JsonNode root, List<String> problems) {
        if (root == null || !root.isObject()) {
            problems.add("/: must be a JSON object with findings and healthy");
            return null;
        }
        unknownFields(root, "", TOP_FIELDS, problems);
        String description = optionalText(root, "", "description", problems);
        List<ExpectedFinding> findings = new ArrayList<>();
        JsonNode list = array(root, "findings", problems);
        for (int i = 0; i < list.size(); i++) {
            ExpectedFinding f = finding(list.get(i), "/findings/" + i, problems);
            if (f != null) findings.add(f);
        }
        List<ObjectRef> healthy = new ArrayList<>();
        list = array(root, "healthy", problems);
        for (int i = 0; i < list.size(); i++) {
            String at = "/healthy/" + i;
            JsonNode h = list.get(i);
            if (!h.isObject()) {
                problems.add(at + ": must be an object with kind, namespace and name");
                continue;
            }
            unknownFields(h, at, OBJECT_FIELDS, problems);
            ObjectRef ref = object(h, at, "kind", "name", problems);
            if (ref != null) healthy.add(ref);
        }
        return new Expectations(description, findings, healthy);
    }

    private static ExpectedFinding finding(JsonNode e, String at, List<String> problems) {
        if (!e.isObject()) {
            problems.add(at + ": must be an object with category, kind, namespace, name and keywords");
            return null;
        }
        int before = problems.size();
        unknownFields(e, at, FINDING_FIELDS, problems);
        Category category = null;
        String c = requiredText(e, at, "category", problems);
        if (c != null) {
            try {
                category = Category.valueOf(c);
            } catch (IllegalArgumentException x) {
                problems.add(at + "/category: '" + c + "' is not a category of diagnosis-report v1");
            }
        }
        ObjectRef object = object(e, at, "kind", "name", problems);
        ObjectRef owner = null;
        if (e.has("ownerKind") || e.has("ownerName")) {
            String kind = requiredText(e, at, "ownerKind", problems);
            String name = requiredText(e, at, "ownerName", problems);
            if (kind != null && name != null && object != null) owner = new ObjectRef(kind, object.namespace(), name);
        }
        List<String> keywords = new ArrayList<>();
        JsonNode k = e.path("keywords");
        if (!k.isMissingNode() && !k.isArray()) problems.add(at + "/keywords: must be an array of strings");
        for (int i = 0; i < k.size(); i++) {
            if (k.get(i).isString() && !k.get(i).asString().isBlank()) keywords.add(k.get(i).asString());
            else problems.add(at + "/keywords/" + i + ": must be a non-empty string");
        }
        Severity severity = null;
        String s = optionalText(e, at, "severity", problems);
        if (s != null) {
            try {
                severity = Severity.parse(s);
            } catch (IllegalArgumentException x) {
                problems.add(at + "/severity: '" + s + "' is not critical, high, medium, low or info");
            }
        }
        return problems.size() > before ? null : new ExpectedFinding(category, object, owner, keywords, severity);
    }

    private static ObjectRef object(JsonNode o, String at, String kindField, String nameField, List<String> problems) {
        String kind = requiredText(o, at, kindField, problems);
        String namespace = optionalText(o, at, "namespace", problems);
        String name = requiredText(o, at, nameField, problems);
        return kind == null || name == null ? null : new ObjectRef(kind, namespace, name);
    }

    private static JsonNode array(JsonNode root, String field, List<String> problems) {
        JsonNode list = root.path(field);
        if (list.isMissingNode() || list.isNull()) return JSON.createArrayNode();
        if (!list.isArray()) {
            problems.add("/" + field + ": must be an array");
            return JSON.createArrayNode();
        }
        return list;
    }

    private static String requiredText(JsonNode o, String at, String field, List<String> problems) {
        if (!o.has(field)) {
            problems.add(at + "/" + field + ": missing");
            return null;
        }
        return optionalText(o, at, field, problems);
    }

    private static String optionalText(JsonNode o, String at, String field, List<String> problems) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString() || v.asString().isBlank()) {
            problems.add(at + "/" + field + ": must be a non-empty string");
            return null;
        }
        return v.asString();
    }

    private static void unknownFields(JsonNode o, String at, Set<String> known, List<String> problems) {
        for (String name : o.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(at + "/" + name + ": unknown field (known: " + String.join(", ", sorted(known)) + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /**
     * A skeleton for a recorded scenario: every finding of the diagnosis at medium severity or above expected as
     * it is (no keywords yet), and every node, controller, Service and Ingress it says nothing serious about
     * listed healthy. Someone who knows what happened edits it.
     */
    public static Expectations recorded(ClusterSnapshot snapshot, DiagnosisReport report) {
        List<ExpectedFinding> findings = new ArrayList<>();
        Set<ObjectRef> flagged = new LinkedHashSet<>();
        for (Finding f : report.findings()) {
            if (!f.severity().atLeast(Severity.MEDIUM)) continue;
            findings.add(new ExpectedFinding(f.category(), f.object(), f.owner(), List.of(), null));
            flagged.add(f.object());
            if (f.owner() != null) flagged.add(f.owner());
        }
        List<ObjectRef> healthy = new ArrayList<>();
        for (String kind : HEALTHY_KINDS) {
            for (JsonNode o : snapshot.objects(kind)) {
                // a Job a CronJob started is judged through its CronJob
                if (kind.equals("Job") && K8s.controllerOf(o) != null) continue;
                ObjectRef ref = new ObjectRef(kind, K8s.namespace(o), K8s.name(o));
                if (!flagged.contains(ref)) healthy.add(ref);
            }
        }
        String description = "Recorded from " + report.sourceType() + (report.sourceName() == null ? ""
                : " " + report.sourceName()) + " at " + report.generatedAt() + ". Say what really happened, add to each"
                + " finding the keywords that name its specific cause, and remove what is not expected.";
        return new Expectations(description, findings, healthy);
    }

    /** The {@code expected.json} form, as {@link #read} reads it. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", description);
        ArrayNode list = root.putArray("findings");
        for (ExpectedFinding f : findings) {
            ObjectNode o = list.addObject().put("category", f.category().name());
            putRef(o, f.object());
            if (f.owner() != null) o.put("ownerKind", f.owner().kind()).put("ownerName", f.owner().name());
            ArrayNode k = o.putArray("keywords");
            f.keywords().forEach(k::add);
            if (f.severity() != null) o.put("severity", f.severity().label());
        }
        ArrayNode h = root.putArray("healthy");
        healthy.forEach(ref -> putRef(h.addObject(), ref));
        return root;
    }

    private static void putRef(ObjectNode o, ObjectRef ref) {
        o.put("kind", ref.kind());
        if (ref.namespace() != null) o.put("namespace", ref.namespace());
        o.put("name", ref.name());
    }
}
