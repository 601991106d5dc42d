package dev.aiops.infra.k8s;

import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.SkillException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds the tier-1 skills of {@code skills/k8s-cluster-reader.yaml} and {@code skills/k8s-logs.yaml}
 * ({@code k8s.resources.list}, {@code k8s.events.list}, {@code k8s.logs.tail}) to cluster state, live or from a
 * snapshot. Results are paged with {@code limit}/{@code continue} as the API server pages them, and logs arrive
 * already redacted.
 */
public final class ClusterReaderSkills {

    public static final String RESOURCES_LIST = "k8s.resources.list";
    public static final String EVENTS_LIST = "k8s.events.list";
    public static final String LOGS_TAIL = "k8s.logs.tail";

    private static final int DEFAULT_LIMIT = 500;
    private static final int DEFAULT_TAIL = 200;

    private ClusterReaderSkills() {
    }

    /** Binds the three skills to the state {@code cluster} supplies (called once per skill call). */
    public static AgentRuntime.Builder bind(AgentRuntime.Builder runtime, Supplier<ClusterSnapshot> cluster) {
        return runtime
                .bind(RESOURCES_LIST, call -> list(cluster.get(), call.input()))
                .bind(EVENTS_LIST, call -> events(cluster.get(), call.input()))
                .bind(LOGS_TAIL, call -> logs(cluster.get(), call.input()));
    }

    static JsonNode list(ClusterSnapshot s, JsonNode in) throws SkillException {
        String plural = in.path("kind").asString();
        String kind = SnapshotReader.KIND_OF_FILE.getOrDefault(plural, plural);
        String ns = in.path("namespace").asString(null);
        List<JsonNode> all = ns == null ? s.objects(kind) : s.objects(kind, ns);
        List<String[]> selector = selector(in.path("labelSelector").asString(""));
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode o : all) {
            if (matches(o.path("metadata").path("labels"), selector)) matching.add(o);
        }
        int from = 0;
        if (in.has("continue")) {
            try {
                from = Integer.parseInt(in.get("continue").asString());
            } catch (NumberFormatException e) {
                throw new SkillException("continue token '" + in.get("continue").asString() + "' is not one this"
                        + " skill issued", false);
            }
        }
        int limit = in.path("limit").asInt(DEFAULT_LIMIT);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("items");
        int to = Math.min(matching.size(), from + limit);
        for (int i = from; i < to; i++) items.add(matching.get(i));
        if (to < matching.size()) out.put("continue", String.valueOf(to));
        return out;
    }

    static JsonNode events(ClusterSnapshot s, JsonNode in) {
        String ns = in.path("namespace").asString(null);
        JsonNode about = in.path("involvedObject");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode events = out.putArray("events");
        for (JsonNode e : ns == null ? s.objects("Event") : s.objects("Event", ns)) {
            JsonNode io = e.path("involvedObject");
            if (about.isObject() && !(about.path("kind").asString("").equals(io.path("kind").asString(""))
                    && about.path("name").asString("").equals(io.path("name").asString("")))) {
                continue;
            }
            events.add(e);
        }
        return out;
    }

    static JsonNode logs(ClusterSnapshot s, JsonNode in) throws SkillException {
        String ns = in.path("namespace").asString();
        String pod = in.path("pod").asString();
        Map<String, List<String>> containers = s.logs(ns, pod);
        if (s.get("Pod", ns, pod) == null) {
            throw new SkillException("pod " + ns + "/" + pod + " does not exist", false);
        }
        String container = in.path("container").asString(null);
        if (container == null) {
            container = containers.keySet().stream().filter(c -> !c.endsWith(" (previous)")).findFirst().orElse(null);
        }
        List<String> lines = container == null ? List.of()
                : containers.getOrDefault(in.path("previous").asBoolean(false) ? container + " (previous)" : container,
                List.of());
        int tail = in.path("tailLines").asInt(DEFAULT_TAIL);
        List<String> last = lines.subList(Math.max(0, lines.size() - tail), lines.size());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = out.putArray("lines");
        int redactions = 0;
        for (String l : last) {
            arr.add(l);
            if (l.contains(LogRedactor.MASK)) redactions++;
        }
        out.put("redactions", redactions);
        out.put("truncated", last.size() < lines.size());
        return out;
    }

    /** Equality-based selectors: {@code app=web,tier!=cache,release}. */
    private static List<String[]> selector(String text) {
        List<String[]> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            if (p.contains("!=")) out.add(new String[] {p.substring(0, p.indexOf("!=")).strip(), "!=",
                    p.substring(p.indexOf("!=") + 2).strip()});
            else if (p.contains("=")) out.add(new String[] {p.substring(0, p.indexOf('=')).strip(), "=",
                    p.substring(p.lastIndexOf('=') + 1).strip()});
            else out.add(new String[] {p, "exists", null});
        }
        return out;
    }

    private static boolean matches(JsonNode labels, List<String[]> selector) {
        for (String[] r : selector) {
            String actual = labels.path(r[0]).asString(null);
            boolean ok = switch (r[1]) {
                case "=" -> r[2].equals(actual);
                case "!=" -> !r[2].equals(actual);
                default -> actual != null;
            };
            if (!ok) return false;
        }
        return true;
    }
}
