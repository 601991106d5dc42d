package dev.aiops.infra.exec;

import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.k8s.SensitiveValues;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-only verbs answered from the session's cluster state, so they work on snapshots as on live clusters
 * and what they print is already redacted (Secret values and credentials in logs never reach it).
 */
final class ReadCommands {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClusterSnapshot snapshot;
    private final Instant now;

    ReadCommands(ClusterSnapshot snapshot, Instant now) {
        this.snapshot = snapshot;
        this.now = now;
    }

    /** True when this class can answer {@code c}. */
    static boolean handles(KubectlCommand c) {
        return switch (c.verb()) {
            case "get", "describe", "logs", "events" -> true;
            case "rollout" -> "status".equals(c.subverb()) || "history".equals(c.subverb());
            default -> false;
        };
    }

    /** What the command prints; objects are shown with secret-named environment values masked. */
    String run(KubectlCommand c) {
        return switch (c.verb()) {
            case "get" -> get(c);
            case "describe" -> describe(c);
            case "logs" -> logs(c);
            case "events" -> events(c.namespace(), forObject(c.flag("--for")));
            default -> "status".equals(c.subverb()) ? rolloutStatus(c) : rolloutHistory(c);
        };
    }

    private ApiResource resource(KubectlCommand c) {
        if (c.resource() == null) {
            throw new IllegalArgumentException("name a resource type, e.g. 'kubectl " + c.verb() + " pods'");
        }
        ApiResource r = ApiResource.forPlural(c.resource());
        if (r == null) {
            throw new IllegalArgumentException("the resource type '" + c.resource() + "' is not in this cluster state");
        }
        return r;
    }

    private List<JsonNode> select(KubectlCommand c, ApiResource r) {
        boolean all = c.hasFlag("-A") || c.hasFlag("--all-namespaces");
        String ns = !r.namespaced() || all ? null : c.namespace() == null ? "default" : c.namespace();
        if (c.name() != null) {
            JsonNode o = snapshot.get(r.kind(), ns, c.name());
            if (o == null) {
                throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + c.name() + "\" not found"
                        + (ns == null ? "" : " in namespace " + ns));
            }
            return List.of(o);
        }
        String selector = c.flag("-l") != null ? c.flag("-l") : c.flag("--selector");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : ns == null ? snapshot.objects(r.kind()) : snapshot.objects(r.kind(), ns)) {
            if (Selectors.matches(o.path("metadata").path("labels"), selector)) {
                out.add(o);
            }
        }
        return out;
    }

    private String get(KubectlCommand c) {
        ApiResource r = resource(c);
        if (r.kind().equals("Event")) {
            return events(c.hasFlag("-A") ? null : c.namespace() == null ? "default" : c.namespace(), null);
        }
        List<JsonNode> objects = masked(select(c, r));
        String output = c.flag("-o") != null ? c.flag("-o") : c.flag("--output");
        if (output == null || output.equals("wide")) {
            if (objects.isEmpty()) {
                return "No resources found" + (r.namespaced() && c.namespace() != null
                        ? " in " + c.namespace() + " namespace." : ".");
            }
            return Tables.render(r.kind(), objects, c.hasFlag("-A") || c.hasFlag("--all-namespaces"),
                    c.hasFlag("--show-labels"), now);
        }
        if (output.equals("name")) {
            StringBuilder sb = new StringBuilder();
            objects.forEach(o -> sb.append(r.kind().toLowerCase()).append(r.group().isEmpty() ? "" : "." + r.group())
                    .append('/').append(K8s.name(o)).append('\n'));
            return sb.toString();
        }
        JsonNode doc = objects.size() == 1 && c.name() != null ? objects.get(0) : list(objects);
        if (output.equals("yaml")) {
            return ObjectDiff.yaml(doc);
        }
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        return output.equals("json") ? json
                : "(output '" + output + "' is not supported here; showing JSON)\n" + json;
    }

    private static List<JsonNode> masked(List<JsonNode> objects) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : objects) {
            out.add(SensitiveValues.mask(o.deepCopy()));
        }
        return out;
    }

    private static ObjectNode list(List<JsonNode> objects) {
        ObjectNode l = JSON.createObjectNode();
        l.put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = l.putArray("items");
        objects.forEach(items::add);
        return l;
    }

    private String describe(KubectlCommand c) {
        ApiResource r = resource(c);
        StringBuilder sb = new StringBuilder();
        for (JsonNode o : masked(select(c, r))) {
            ObjectNode shown = (ObjectNode) o;
            if (shown.get("metadata") instanceof ObjectNode m) {
                m.remove("managedFields");
            }
            sb.append(ObjectDiff.yaml(shown));
            sb.append("Events:\n");
            String events = events(K8s.namespace(o), new String[] {r.kind(), K8s.name(o)});
            sb.append(events.indent(2));
            sb.append('\n');
        }
        return sb.isEmpty() ? "No resources found." : sb.toString();
    }

    private static String[] forObject(String spec) {
        if (spec == null) {
            return null;
        }
        int slash = spec.indexOf('/');
        if (slash < 0) {
            return new String[] {"Pod", spec};
        }
        ApiResource r = ApiResource.forPlural(Selectors.plural(spec.substring(0, slash)));
        return new String[] {r == null ? spec.substring(0, slash) : r.kind(), spec.substring(slash + 1)};
    }

    private String events(String namespace, String[] about) {
        List<JsonNode> events = new ArrayList<>(namespace == null ? snapshot.objects("Event")
                : snapshot.objects("Event", namespace));
        events.removeIf(e -> about != null && !(about[0].equalsIgnoreCase(K8s.text(e, "involvedObject", "kind"))
                && about[1].equals(K8s.text(e, "involvedObject", "name"))));
        if (events.isEmpty()) {
            return "No events found.\n";
        }
        events.sort(Comparator.comparing(ReadCommands::lastSeen));
        StringBuilder sb = new StringBuilder(String.format("%-8s %-8s %-22s %-40s %s%n", "LAST", "TYPE", "REASON",
                "OBJECT", "MESSAGE"));
        for (JsonNode e : events) {
            String object = K8s.text(e, "involvedObject", "kind") + "/" + K8s.text(e, "involvedObject", "name");
            int count = e.path("count").asInt(e.path("series").path("count").asInt(1));
            sb.append(String.format("%-8s %-8s %-22s %-40s %s%s%n", Tables.age(lastSeen(e), now),
                    e.path("type").asString(""), e.path("reason").asString(""), object,
                    e.path("message").asString("").strip(), count > 1 ? " (x" + count + ")" : ""));
        }
        return sb.toString();
    }

    private static String lastSeen(JsonNode e) {
        for (String f : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            String t = e.path(f).asString(null);
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return e.path("metadata").path("creationTimestamp").asString("");
    }

    private String logs(KubectlCommand c) {
        String pod = c.name();
        String ns = c.namespace() == null ? "default" : c.namespace();
        if (pod == null) {
            throw new IllegalArgumentException("name a pod, e.g. 'kubectl logs -n " + ns + " POD'");
        }
        if (c.resource() != null && !c.resource().equals("pods")) {
            pod = firstPodOf(c, ns);
        }
        if (snapshot.get("Pod", ns, pod) == null) {
            throw new IllegalArgumentException("pods \"" + pod + "\" not found in namespace " + ns);
        }
        Map<String, List<String>> containers = snapshot.logs(ns, pod);
        String container = c.flag("-c") != null ? c.flag("-c") : c.flag("--container");
        if (container == null) {
            container = containers.keySet().stream().filter(k -> !k.endsWith(" (previous)")).findFirst()
                    .orElse(null);
        }
        boolean previous = c.hasFlag("--previous") || c.hasFlag("-p");
        List<String> lines = container == null ? null
                : containers.get(previous ? container + " (previous)" : container);
        if (lines == null) {
            return "(no " + (previous ? "previous " : "") + "log of " + (container == null ? "any container"
                    : "container " + container) + " of pod " + ns + "/" + pod + " in this cluster state)\n";
        }
        int tail = lines.size();
        String t = c.flag("--tail");
        if (t != null) {
            try {
                tail = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tail takes a number, not '" + t + "'");
            }
        }
        List<String> shown = tail < 0 ? lines : lines.subList(Math.max(0, lines.size() - tail), lines.size());
        return String.join("\n", shown) + (shown.isEmpty() ? "" : "\n");
    }

    private String firstPodOf(KubectlCommand c, String ns) {
        ApiResource r = resource(c);
        JsonNode owner = snapshot.get(r.kind(), ns, c.name());
        if (owner == null) {
            throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + c.name() + "\" not found");
        }
        JsonNode labels = owner.path("spec").path("selector").path("matchLabels");
        for (JsonNode p : snapshot.objects("Pod", ns)) {
            boolean all = true;
            for (Map.Entry<String, JsonNode> l : labels.properties()) {
                all &= l.getValue().asString().equals(p.path("metadata").path("labels").path(l.getKey()).asString(null));
            }
            if (all && !labels.isEmpty()) {
                return K8s.name(p);
            }
        }
        throw new IllegalArgumentException("no pod of " + r.kind() + " " + ns + "/" + c.name());
    }

    private String rolloutStatus(KubectlCommand c) {
        JsonNode d = select(c, resource(c)).get(0);
        JsonNode st = d.path("status");
        int want = d.path("spec").path("replicas").asInt(1);
        int updated = st.path("updatedReplicas").asInt(0);
        int available = st.path("availableReplicas").asInt(0);
        for (JsonNode cond : st.path("conditions")) {
            if ("Progressing".equals(cond.path("type").asString()) && "ProgressDeadlineExceeded".equals(
                    cond.path("reason").asString())) {
                return "error: deployment \"" + K8s.name(d) + "\" exceeded its progress deadline\n";
            }
        }
        if (updated >= want && available >= want && st.path("replicas").asInt(0) <= want) {
            return c.resource().replaceAll("s$", "") + " \"" + K8s.name(d) + "\" successfully rolled out\n";
        }
        return "Waiting for rollout of \"" + K8s.name(d) + "\" to finish: " + updated + " of " + want
                + " updated replicas, " + available + " available\n";
    }

    private String rolloutHistory(KubectlCommand c) {
        JsonNode d = select(c, resource(c)).get(0);
        List<JsonNode> sets = new ArrayList<>();
        for (JsonNode rs : snapshot.objects("ReplicaSet", K8s.namespace(d))) {
            JsonNode owner = K8s.controllerOf(rs);
            if (owner != null && K8s.name(d).equals(owner.path("name").asString())) {
                sets.add(rs);
            }
        }
        sets.sort(Comparator.comparingLong(ReadCommands::revision));
        StringBuilder sb = new StringBuilder(c.resource() + "/" + K8s.name(d) + "\nREVISION  CHANGE-CAUSE\n");
        for (JsonNode rs : sets) {
            String cause = K8s.annotation(rs, "kubernetes.io/change-cause");
            sb.append(String.format("%-9d %s%n", revision(rs), cause == null ? "<none>" : cause));
        }
        return sb.toString();
    }

    static long revision(JsonNode rs) {
        try {
            return Long.parseLong(String.valueOf(K8s.annotation(rs, "deployment.kubernetes.io/revision")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Duration since(String time, Instant now) {
        try {
            return Duration.between(Instant.parse(time), now);
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }
}
