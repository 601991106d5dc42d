package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import dev.aiops.infra.k8s.LogText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What running pods keep logging about access, though they may look healthy (Running, Ready, no restarts): RBAC
 * denials (naming verb, resource and service account, and why no role grants it), and dependencies they cannot
 * reach or use: refused, unresolved, timed out, failing TLS, rejecting their credentials (naming host and port and
 * what the Service looks like). Repeated errors are told from noise by {@link LogRepeats}; one finding per owner.
 * Also RoleBindings to Roles that do not exist. Crash-looping containers are covered by the pod analyzer, which
 * reads the same clues.
 */
public final class AccessAnalyzer implements Analyzer {

    /** What the pods of one owner (or one pod without) repeat, summed over its pods. */
    private static final class Repeated {
        final JsonNode pod;
        final String container;
        final LogRepeats first;
        final boolean ready;
        int count;
        int pods;
        Instant from;
        Instant to;

        Repeated(JsonNode pod, String container, LogRepeats r, boolean ready) {
            this.pod = pod;
            this.container = container;
            this.first = r;
            this.ready = ready;
        }

        void add(LogRepeats r) {
            count += r.count();
            pods++;
            if (r.first() != null && (from == null || r.first().isBefore(from))) from = r.first();
            if (r.last() != null && (to == null || r.last().isAfter(to))) to = r.last();
        }
    }

    @Override
    public String name() {
        return "access";
    }

    /** It reads how pods and nodes run (status, events, logs): manifests have none of that. */
    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.STATE);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        Map<String, Repeated> repeated = new LinkedHashMap<>();
        for (JsonNode pod : index.objects("Pod")) {
            String phase = pod.path("status").path("phase").asString("");
            if (!(phase.equals("Running") || (phase.equals("Pending") && initRunning(pod))) || crashLooping(pod)) continue;
            Map<String, LogText> logs = index.snapshot().containerLogs(K8s.namespace(pod), K8s.name(pod));
            for (Map.Entry<String, LogText> e : logs.entrySet()) {
                LogRepeats r = LogRepeats.in(e.getValue(), index.now());
                if (r == null) continue;
                ObjectRef owner = index.ownerOf(pod);
                String key = category(r.clue()) + "|" + (owner == null ? ObjectRef.of(pod) : owner);
                repeated.computeIfAbsent(key, k -> new Repeated(pod, e.getKey(), r, ready(pod))).add(r);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Repeated r : repeated.values()) out.add(finding(index, r));
        for (JsonNode rb : index.objects("RoleBinding")) {
            JsonNode role = rb.path("roleRef");
            String kind = role.path("kind").asString("Role");
            String name = role.path("name").asString("");
            boolean missing = kind.equals("Role")
                    ? !index.objects("Role").isEmpty() && index.get("Role", K8s.namespace(rb), name) == null
                    : !index.objects("ClusterRole").isEmpty() && index.get("ClusterRole", null, name) == null;
            if (!missing) continue;
            ObjectRef ref = ObjectRef.of(rb);
            // latent until a subject of the binding is denied: the pods' denials are reported on their own
            out.add(FindingDraft.of(Category.RBACDenied, Problem.MISCONFIGURATION, Symptom.NONE, ref)
                    .summary("RBACDenied: RoleBinding " + ref.namespace() + "/" + ref.name() + " grants a " + kind
                            + " that does not exist")
                    .rootCause("roleRef " + kind + " " + name + " does not exist, so the binding's subjects get no permissions")
                    .evidence(Evidence.spec("roleRef: " + kind + "/" + name))
                    .remediate(Remediation.command("Create the role or fix the reference",
                            "kubectl describe rolebinding -n " + ref.namespace() + " " + ref.name()))
                    .build());
        }
        return out;
    }

    private static Category category(LogClue clue) {
        return clue.kind() == LogClue.Kind.RBAC_FORBIDDEN ? Category.RBACDenied : Category.DependencyUnreachable;
    }

    private static Finding finding(ClusterIndex index, Repeated r) {
        LogClue clue = r.first.clue();
        JsonNode pod = r.pod;
        String ns = K8s.namespace(pod);
        ObjectRef owner = index.ownerOf(pod);
        String who = owner == null ? "pod " + K8s.name(pod) : owner.toString();
        String often = frequency(r);
        // a Ready pod still serves: without a present symptom the repeated error is a warning, not an outage
        Category cat = category(clue);
        FindingDraft d = FindingDraft.of(cat, cat == Category.RBACDenied ? Problem.MISCONFIGURATION
                        : Problem.CONSEQUENCE, r.ready ? Symptom.WARNING : Symptom.DEGRADED, ObjectRef.of(pod))
                .owner(owner)
                .evidence(Evidence.log(clue.line()))
                .evidence(Evidence.log("container " + r.container + " logged it " + often));
        if (clue.kind() == LogClue.Kind.RBAC_FORBIDDEN) {
            String sa = pod.path("spec").path("serviceAccountName").asString("default");
            return d.summary("RBACDenied: " + who + " is denied by RBAC: " + clue.subject() + " (" + often + ")")
                    .rootCause(RbacFacts.explain(index, clue.subject(), ns + "/" + sa))
                    .related(new ObjectRef("ServiceAccount", ns, sa))
                    .remediate(Remediation.command("Check the permission", "kubectl auth can-i --list -n " + ns
                            + " --as=system:serviceaccount:" + ns + ":" + sa))
                    .build();
        }
        Dependencies.Target target = Dependencies.resolve(index, ns, clue.host());
        if (target.service() != null) d.related(target.service());
        String dependency = clue.subject() == null ? "a dependency" : clue.subject();
        String verb = switch (clue.kind()) {
            case TLS_FAILURE -> " fails TLS with ";
            case AUTH_REJECTED -> " is rejected by ";
            default -> " cannot reach ";
        };
        d.summary("DependencyUnreachable: " + who + verb + dependency + " (" + often + ")")
                .rootCause("container " + r.container + " keeps failing to use " + dependency + ": " + clue.describe()
                        + target.note());
        if (clue.kind() == LogClue.Kind.TLS_FAILURE) {
            d.remediate(Remediation.advice("Check the certificate " + dependency + " serves (expiry, issuer, names) "
                    + "and the CA bundle the client trusts"));
        } else if (clue.kind() == LogClue.Kind.AUTH_REJECTED) {
            d.remediate(Remediation.advice("Check the credentials the client sends to " + dependency
                    + " (the Secret it mounts, token expiry, the account's permissions there)"));
        }
        return d.remediate(Remediation.command("Check the dependency's Service and endpoints",
                "kubectl get svc,endpoints -n " + ns)).build();
    }

    private static String frequency(Repeated r) {
        String text = r.pods == 1 ? r.count + " times in its last " + r.first.lines() + " lines"
                : r.count + " times in the last lines of " + r.pods + " pods";
        if (r.from == null || r.to == null) return text;
        return text + (r.from.equals(r.to) ? ", at " + r.to : ", from " + r.from + " to " + r.to);
    }

    private static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) return "True".equals(c.path("status").asString(""));
        }
        return false;
    }

    private static boolean crashLooping(JsonNode pod) {
        for (String field : new String[] {"containerStatuses", "initContainerStatuses"}) {
            for (JsonNode cs : pod.path("status").path(field)) {
                if ("CrashLoopBackOff".equals(cs.path("state").path("waiting").path("reason").asString(""))) return true;
            }
        }
        return false;
    }

    /** An init container still running, typically waiting for a dependency. */
    private static boolean initRunning(JsonNode pod) {
        for (JsonNode cs : pod.path("status").path("initContainerStatuses")) {
            if (cs.path("state").has("running")) return true;
        }
        return false;
    }
}
