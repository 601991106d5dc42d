package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What RBAC grants a service account, to explain a {@code forbidden} error precisely. */
final class RbacFacts {

    private static final Pattern SUBJECT = Pattern.compile(
            "system:serviceaccount:([^:]+):(\\S+) cannot (\\w+) (\\S+) (?:in namespace (\\S+)|at cluster scope)");

    private RbacFacts() {
    }

    /** A root cause for a forbidden clue subject such as {@code system:serviceaccount:ns:sa cannot list pods ...}. */
    static String explain(ClusterIndex index, String clueSubject, String fallbackSa) {
        Matcher m = SUBJECT.matcher(clueSubject);
        if (!m.find()) {
            return "service account " + fallbackSa + " lacks the permission: " + clueSubject;
        }
        String saNs = m.group(1);
        String sa = m.group(2);
        String verb = m.group(3);
        String resource = m.group(4);
        String target = m.group(5);
        String perm = verb + " " + resource + (target == null ? " at cluster scope" : " in namespace " + target);
        List<String> bound = new ArrayList<>();
        for (JsonNode rb : index.objects("RoleBinding")) {
            if (target != null && !target.equals(K8s.namespace(rb))) continue;
            if (bindsServiceAccount(rb, saNs, sa)) bound.add(rb.path("roleRef").path("kind").asString("Role") + " "
                    + rb.path("roleRef").path("name").asString() + " (via RoleBinding " + K8s.name(rb) + ")");
        }
        for (JsonNode crb : index.objects("ClusterRoleBinding")) {
            if (bindsServiceAccount(crb, saNs, sa)) bound.add("ClusterRole " + crb.path("roleRef").path("name").asString()
                    + " (via ClusterRoleBinding " + K8s.name(crb) + ")");
        }
        String who = "service account " + saNs + "/" + sa;
        if (bound.isEmpty()) {
            return who + " is not allowed to " + perm + ": no RoleBinding or ClusterRoleBinding"
                    + (target == null ? "" : " in namespace " + target) + " grants it any role";
        }
        return who + " is not allowed to " + perm + ": the roles bound to it (" + String.join(", ", bound)
                + ") do not grant '" + verb + "' on '" + resource + "'";
    }

    private static boolean bindsServiceAccount(JsonNode binding, String ns, String sa) {
        for (JsonNode s : binding.path("subjects")) {
            if ("ServiceAccount".equals(s.path("kind").asString("")) && sa.equals(s.path("name").asString(""))
                    && ns.equals(s.path("namespace").asString(K8s.namespace(binding)))) {
                return true;
            }
        }
        return false;
    }
}
