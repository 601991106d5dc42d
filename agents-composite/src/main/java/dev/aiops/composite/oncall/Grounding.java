package dev.aiops.composite.oncall;

import dev.aiops.infra.command.CommandReview;
import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a model's answer against the cluster before it is shown: every Kubernetes object it names (as
 * {@code kind/name}, {@code Kind namespace/name}, a backticked name, or the object of a kubectl command) must exist
 * in the session's cluster state. Names that do not are marked where they appear, and counted.
 */
final class Grounding {

    static final String MARK = " [not found in cluster]";
    private static final String NAME = "[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?";
    private static final Pattern KIND_NAME = Pattern.compile("(?i)\\b(pods?|deployments?|deploy|services?|svc|"
            + "statefulsets?|sts|daemonsets?|ds|replicasets?|rs|jobs?|cronjobs?|configmaps?|cm|secrets?|pvc|"
            + "persistentvolumeclaims?|nodes?|ingress(?:es)?|hpa|horizontalpodautoscalers?|namespaces?|ns)"
            + "(?-i)(/| )(" + NAME + ")(?:/(" + NAME + "))?");
    private static final Pattern BACKTICKED = Pattern.compile("`(" + NAME + ")`");
    private static final Pattern COMMAND = Pattern.compile("(?m)^[ \\t>$]*(kubectl [^\\n]+)$");

    /** The answer with unknown names marked, and the unknown names in order of appearance. */
    record Result(String text, List<String> unknown) {
    }

    private final Set<String> known = new HashSet<>();

    Grounding(ClusterSnapshot snapshot) {
        for (String kind : snapshot.kinds()) {
            for (JsonNode o : snapshot.objects(kind)) {
                String name = K8s.name(o);
                if (name != null) {
                    known.add(name);
                }
                String ns = K8s.namespace(o);
                if (ns != null) {
                    known.add(ns);
                }
                for (String field : List.of("containers", "initContainers")) {
                    for (JsonNode c : o.path("spec").path(field)) {
                        addContainer(c);
                    }
                    for (JsonNode c : o.path("spec").path("template").path("spec").path(field)) {
                        addContainer(c);
                    }
                }
            }
        }
        known.addAll(snapshot.namespaces());
    }

    private void addContainer(JsonNode c) {
        known.add(c.path("name").asString(""));
        String image = c.path("image").asString("");
        known.add(image);
    }

    boolean exists(String name) {
        return known.contains(name);
    }

    Result check(String answer) {
        Set<String> unknown = new LinkedHashSet<>();
        // commands are checked as commands (a create names what does not exist yet); prose as prose
        String prose = COMMAND.matcher(answer).replaceAll("");
        Matcher m = KIND_NAME.matcher(prose);
        while (m.find()) {
            String name = m.group(4) != null ? m.group(4) : m.group(3);
            boolean loose = m.group(2).equals(" ") && m.group(4) == null;
            // "pod is" or "service and": a bare word after a kind is a name only when it looks like one
            if (loose && !name.contains("-") && !name.matches(".*\\d.*")) {
                continue;
            }
            if (m.group(4) != null && !exists(m.group(3))) {
                unknown.add(m.group(3));
            }
            if (!exists(name)) {
                unknown.add(name);
            }
        }
        Matcher b = BACKTICKED.matcher(prose);
        while (b.find()) {
            String name = b.group(1);
            if (name.contains("-") && !exists(name) && !name.startsWith("-")) {
                unknown.add(name);
            }
        }
        Matcher c = COMMAND.matcher(answer);
        while (c.find()) {
            KubectlCommand k = CommandReview.review(c.group(1).strip());
            if (k.name() != null && !List.of("create", "apply", "run", "expose").contains(k.verb())
                    && !k.name().contains("<") && !exists(k.name())) {
                unknown.add(k.name());
            }
            if (k.namespace() != null && !exists(k.namespace())) {
                unknown.add(k.namespace());
            }
        }
        String marked = answer;
        for (String name : unknown) {
            marked = marked.replaceAll("(?<![-a-z0-9.])" + Pattern.quote(name) + "(?![-a-z0-9])",
                    Matcher.quoteReplacement(name + MARK));
        }
        return new Result(marked, new ArrayList<>(unknown));
    }
}
