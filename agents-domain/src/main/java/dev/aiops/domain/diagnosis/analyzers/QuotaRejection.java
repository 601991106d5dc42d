package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A pod the ResourceQuota admission plugin rejected, read from the message the controller reports: the quota is
 * exhausted ({@code exceeded quota: q, requested: r=v, used: r=v, limited: r=v}) or requires requests or limits
 * the pod does not set ({@code failed quota: q: must specify limits.cpu for: app; requests.memory for: app}).
 *
 * @param quota     the ResourceQuota's name
 * @param exhausted true when the quota is used up, false when the pod lacks a request or limit it requires
 * @param resources quota resources ({@code requests.memory}) with their requested, used and limited amounts, or
 *                  with the containers that must set them (empty when the message names none)
 */
record QuotaRejection(String quota, boolean exhausted, Map<String, List<String>> resources) {

    private static final Pattern EXCEEDED = Pattern.compile(
            "exceeded quota: ([^,\\s]+), requested: (\\S+), used: (\\S+), limited: (\\S+)");
    private static final Pattern MUST_SPECIFY = Pattern.compile("failed quota: ([^:\\s]+): must specify (.+)$");

    /** The rejection in {@code message}, or null when it is not a quota's. */
    static QuotaRejection parse(String message) {
        Matcher m = EXCEEDED.matcher(message);
        if (m.find()) {
            Map<String, List<String>> amounts = new LinkedHashMap<>();
            Map<String, String> used = pairs(m.group(3));
            Map<String, String> limited = pairs(m.group(4));
            pairs(m.group(2)).forEach((r, v) -> amounts.put(r, List.of(v, used.getOrDefault(r, "?"),
                    limited.getOrDefault(r, "?"))));
            return new QuotaRejection(m.group(1), true, amounts);
        }
        m = MUST_SPECIFY.matcher(message.strip());
        if (!m.find()) return null;
        Map<String, List<String>> required = new LinkedHashMap<>();
        for (String part : m.group(2).split(";\\s*")) {
            int f = part.indexOf(" for: ");
            List<String> containers = f < 0 ? List.of() : List.of(part.substring(f + 6).trim().split(",\\s*"));
            for (String r : (f < 0 ? part : part.substring(0, f)).trim().split(",\\s*")) {
                if (!r.isEmpty()) required.put(r, containers);
            }
        }
        return new QuotaRejection(m.group(1), false, required);
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : text.split(",")) {
            int eq = p.indexOf('=');
            if (eq > 0) out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }

    /** The root cause, naming the quota, each resource and the containers of {@code podTemplate} concerned. */
    String cause(JsonNode podTemplate) {
        List<String> parts = new ArrayList<>();
        if (exhausted) {
            resources.forEach((r, v) -> {
                List<String> who = containersSetting(podTemplate, r);
                parts.add(r + ": requested " + v.get(0) + (who.isEmpty() ? "" : " by container " + String.join(", ", who))
                        + ", used " + v.get(1) + " of " + v.get(2));
            });
            return "ResourceQuota " + quota + " is exhausted: " + String.join("; ", parts);
        }
        resources.forEach((r, containers) -> {
            List<String> who = containers.isEmpty() ? containersMissing(podTemplate, r) : containers;
            parts.add("container " + (who.isEmpty() ? "?" : String.join(", ", who)) + " sets no " + r);
        });
        return "ResourceQuota " + quota + " requires " + String.join(", ", resources.keySet())
                + " on every container, but " + String.join("; ", parts);
    }

    /** The quota's hard and used amounts of the resources concerned, when the snapshot has the quota. */
    Evidence quotaStatus(ClusterIndex index, String namespace) {
        JsonNode q = index.get("ResourceQuota", namespace, quota);
        if (q == null) return null;
        List<String> parts = new ArrayList<>();
        for (String r : resources.keySet()) {
            String hard = K8s.text(q.path("status").path("hard").get(r));
            if (hard == null) hard = K8s.text(q.path("spec").path("hard").get(r));
            if (hard != null) parts.add(r + " used " + q.path("status").path("used").path(r).asString("?") + " of " + hard);
        }
        return parts.isEmpty() ? null : Evidence.related("ResourceQuota " + quota + " status: " + String.join(", ", parts));
    }

    ObjectRef ref(String namespace) {
        return new ObjectRef("ResourceQuota", namespace, quota);
    }

    Remediation remediation(String namespace, String owner) {
        if (exhausted) {
            return Remediation.command("Compare the quota with its usage; raise it or lower the pods' requests",
                    "kubectl describe resourcequota " + quota + " -n " + namespace);
        }
        List<String> limits = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (String r : resources.keySet()) {
            String name = r.substring(r.indexOf('.') + 1);
            (r.startsWith("limits.") ? limits : requests).add(name + "=<amount>");
        }
        return Remediation.destructive("Set the requests and limits the quota requires (rolls the pods)",
                "kubectl set resources " + owner + " -n " + namespace
                        + (limits.isEmpty() ? "" : " --limits=" + String.join(",", limits))
                        + (requests.isEmpty() ? "" : " --requests=" + String.join(",", requests)));
    }

    /** Containers that set quota resource {@code r} ({@code requests.memory}, {@code limits.cpu}). */
    private static List<String> containersSetting(JsonNode template, String r) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : containers(template)) {
            if (field(c, r) != null) out.add(c.path("name").asString() + " (" + field(c, r) + ")");
        }
        return out;
    }

    private static List<String> containersMissing(JsonNode template, String r) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : containers(template)) {
            if (field(c, r) == null) out.add(c.path("name").asString());
        }
        return out;
    }

    private static List<JsonNode> containers(JsonNode template) {
        List<JsonNode> out = new ArrayList<>();
        template.path("spec").path("initContainers").forEach(out::add);
        template.path("spec").path("containers").forEach(out::add);
        return out;
    }

    private static String field(JsonNode container, String quotaResource) {
        int dot = quotaResource.indexOf('.');
        JsonNode resources = container.path("resources");
        if (dot < 0) { // "cpu" and "memory" count requests; "pods" and "count/..." are not set per container
            return quotaResource.equals("cpu") || quotaResource.equals("memory")
                    ? K8s.text(resources.path("requests").get(quotaResource)) : null;
        }
        return K8s.text(resources.path(quotaResource.substring(0, dot)).get(quotaResource.substring(dot + 1)));
    }
}
