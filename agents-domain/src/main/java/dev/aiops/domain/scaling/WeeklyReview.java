package dev.aiops.domain.scaling;

import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The weekly cost review: savings and risks by namespace and workload, and what changed since the last review
 * (recommendations that are new, gone, moved, or applied: this week's requests are last week's recommendation).
 */
public final class WeeklyReview {

    private static final double MOVED = 0.10;

    private WeeklyReview() {
    }

    /** The ISO week of the report's end, such as {@code 2026-W49}: reviews are named and compared by it. */
    public static String week(ScalingReport r) {
        var d = r.end().atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR),
                d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The review as JSON; {@code previous} is the last review's JSON, or null. */
    public static ObjectNode json(ScalingReport r, JsonNode previous) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("kind", "weekly-scaling-review").put("week", week(r)).put("generatedAt", r.generatedAt().toString());
        out.put("currency", r.currency());
        double savings = 0;
        double increases = 0;
        Map<String, ObjectNode> namespaces = new TreeMap<>();
        ArrayNode risks = JsonNodeFactory.instance.arrayNode();
        for (ContainerAdvice a : r.containers()) {
            ObjectNode ns = namespaces.computeIfAbsent(a.workload().namespace(), k -> namespace(k));
            ObjectNode wl = workload(ns, a.workload());
            if (a.recommended() != null) {
                double d = a.monthlyCostDelta();
                if (d < 0) savings -= d;
                else increases += d;
                add(ns, d);
                add(wl, d);
            }
            for (String risk : risks(a)) {
                risks.addObject().put("workload", a.workload().toString()).put("container", a.container())
                        .put("risk", risk);
                ns.put("risks", ns.path("risks").asInt() + 1);
                wl.put("risks", wl.path("risks").asInt() + 1);
            }
        }
        out.putObject("totals").put("containers", r.containers().size())
                .put("recommendations", r.containers().stream().filter(a -> a.recommended() != null).count())
                .put("monthlySavings", Recommender.round(savings, 2)).put("monthlyIncreases",
                        Recommender.round(increases, 2)).put("monthlyNet", Recommender.round(increases - savings, 2));
        ArrayNode byNs = out.putArray("namespaces");
        namespaces.values().forEach(byNs::add);
        out.set("risks", risks);
        out.set("changes", changes(r, previous));
        out.set("recommendations", ScalingReportJson.of(r));
        return out;
    }

    private static ObjectNode namespace(String name) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("namespace", name).put("monthlySavings", 0.0)
                .put("monthlyIncreases", 0.0).put("risks", 0);
        n.putObject("workloads");
        return n;
    }

    private static ObjectNode workload(ObjectNode ns, Workload w) {
        ObjectNode all = (ObjectNode) ns.get("workloads");
        String key = w.kind() + "/" + w.name();
        if (!all.has(key)) {
            all.putObject(key).put("monthlySavings", 0.0).put("monthlyIncreases", 0.0).put("risks", 0);
        }
        return (ObjectNode) all.get(key);
    }

    private static void add(ObjectNode o, double delta) {
        String f = delta < 0 ? "monthlySavings" : "monthlyIncreases";
        o.put(f, Recommender.round(o.path(f).asDouble() + Math.abs(delta), 2));
    }

    /** Why a container is at risk now: more needed than requested, OOM kills, or not assessed. */
    static List<String> risks(ContainerAdvice a) {
        List<String> out = new ArrayList<>();
        if (a.status() != ContainerAdvice.Status.OK) {
            out.add("not assessed: " + a.reason());
            return out;
        }
        Resources c = a.current();
        Resources r = a.recommended();
        if (Double.isNaN(c.memoryRequest()) || r.memoryRequest() > c.memoryRequest() * 1.1) {
            out.add("memory request " + orUnset(Sizes.memory(c.memoryRequest())) + " is below the "
                    + Sizes.memory(r.memoryRequest()) + " it needs");
        }
        if (Double.isNaN(c.cpuRequest()) || r.cpuRequest() > c.cpuRequest() * 1.1) {
            out.add("cpu request " + orUnset(Sizes.cpu(c.cpuRequest())) + " is below the " + Sizes.cpu(r.cpuRequest())
                    + " it uses");
        }
        JsonNode oom = a.reasoning().path("oom");
        if (oom.isObject()) out.add(oom.path("kills").asInt() + " OOM kills in the window");
        return out;
    }

    private static String orUnset(String s) {
        return s == null ? "unset" : s;
    }

    private static ObjectNode changes(ScalingReport r, JsonNode previous) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (previous == null || !previous.isObject()) {
            out.put("since", (String) null);
            return out;
        }
        out.put("since", previous.path("week").asString(null));
        Map<String, JsonNode> before = new HashMap<>();
        for (JsonNode c : previous.path("recommendations").path("containers")) before.put(key(c), c);
        ArrayNode added = out.putArray("new");
        ArrayNode moved = out.putArray("moved");
        ArrayNode applied = out.putArray("applied");
        ArrayNode gone = out.putArray("gone");
        Map<String, JsonNode> now = new HashMap<>();
        for (JsonNode c : ScalingReportJson.of(r).path("containers")) {
            String k = key(c);
            now.put(k, c);
            JsonNode old = before.get(k);
            if (!c.has("recommended")) continue;
            if (old == null || !old.has("recommended")) {
                added.add(k);
            } else if (same(old.path("recommended"), c.path("current"))) {
                applied.add(k);
            } else if (moved(old.path("recommended"), c.path("recommended"))) {
                moved.addObject().put("container", k).set("from", old.path("recommended").path("requests"));
                ((ObjectNode) moved.get(moved.size() - 1)).set("to", c.path("recommended").path("requests"));
            }
        }
        before.keySet().stream().filter(k -> !now.containsKey(k)).sorted().forEach(gone::add);
        return out;
    }

    private static String key(JsonNode c) {
        JsonNode w = c.path("workload");
        return w.path("kind").asString() + " " + w.path("namespace").asString() + "/" + w.path("name").asString()
                + " " + c.path("container").asString();
    }

    private static boolean same(JsonNode recommended, JsonNode current) {
        JsonNode a = recommended.path("requests");
        JsonNode b = current.path("requests");
        return close(q(a, "cpu"), q(b, "cpu"), 0.01) && close(q(a, "memory"), q(b, "memory"), 0.01);
    }

    private static boolean moved(JsonNode before, JsonNode now) {
        return !close(q(before.path("requests"), "cpu"), q(now.path("requests"), "cpu"), MOVED)
                || !close(q(before.path("requests"), "memory"), q(now.path("requests"), "memory"), MOVED);
    }

    private static double q(JsonNode requests, String resource) {
        return dev.aiops.domain.diagnosis.Quantities.parse(requests.path(resource).asString(null));
    }

    private static boolean close(double a, double b, double tolerance) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
        return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
    }

    /** The review for people. */
    public static String markdown(JsonNode review) {
        StringBuilder b = new StringBuilder("# Weekly scaling review ").append(review.path("week").asString())
                .append("\n\n");
        JsonNode t = review.path("totals");
        String cur = review.path("currency").asString();
        b.append(String.format(Locale.ROOT, "%d of %d containers have a recommendation. Savings %.2f %s/month,"
                        + " increases %.2f %s/month, net %+.2f %s/month.%n%n", t.path("recommendations").asLong(),
                t.path("containers").asLong(), t.path("monthlySavings").asDouble(), cur,
                t.path("monthlyIncreases").asDouble(), cur, t.path("monthlyNet").asDouble(), cur));
        b.append("## By namespace\n\n| namespace | savings | increases | risks |\n|---|---|---|---|\n");
        for (JsonNode ns : review.path("namespaces")) {
            b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %d |%n", ns.path("namespace").asString(),
                    ns.path("monthlySavings").asDouble(), ns.path("monthlyIncreases").asDouble(),
                    ns.path("risks").asInt()));
        }
        b.append("\n## By workload\n\n| namespace | workload | savings | increases | risks |\n|---|---|---|---|---|\n");
        for (JsonNode ns : review.path("namespaces")) {
            ns.path("workloads").properties().forEach(e -> b.append(String.format(Locale.ROOT,
                    "| %s | %s | %.2f | %.2f | %d |%n", ns.path("namespace").asString(), e.getKey(),
                    e.getValue().path("monthlySavings").asDouble(), e.getValue().path("monthlyIncreases").asDouble(),
                    e.getValue().path("risks").asInt())));
        }
        b.append("\n## Risks\n\n");
        if (review.path("risks").isEmpty()) b.append("None.\n");
        for (JsonNode r : review.path("risks")) {
            b.append("- ").append(r.path("workload").asString()).append(" ").append(r.path("container").asString())
                    .append(": ").append(r.path("risk").asString().replace("\n", " ")).append('\n');
        }
        JsonNode ch = review.path("changes");
        b.append("\n## Since the last review\n\n");
        if (ch.path("since").isNull() || ch.path("since").isMissingNode()) {
            b.append("This is the first review.\n");
        } else {
            b.append("Compared with ").append(ch.path("since").asString()).append(".\n\n");
            list(b, "New recommendations", ch.path("new"));
            list(b, "Applied (requests now match last week's recommendation)", ch.path("applied"));
            b.append("- Moved by more than 10%: ").append(ch.path("moved").size()).append('\n');
            for (JsonNode m : ch.path("moved")) {
                b.append("  - ").append(m.path("container").asString()).append(": ").append(m.path("from"))
                        .append(" -> ").append(m.path("to")).append('\n');
            }
            list(b, "Gone", ch.path("gone"));
        }
        return b.toString();
    }

    private static void list(StringBuilder b, String title, JsonNode items) {
        b.append("- ").append(title).append(": ").append(items.size()).append('\n');
        for (JsonNode i : items) b.append("  - ").append(i.asString()).append('\n');
    }
}
