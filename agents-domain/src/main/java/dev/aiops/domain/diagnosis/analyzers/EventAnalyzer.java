package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.domain.diagnosis.SeverityRules;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.ClusterSnapshot.Coverage;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What Events alone tell ({@code kubectl get events -A -o json} without the objects they are about): each
 * Warning event whose reason names a known failure becomes a finding about its involved object, the latest
 * message as the cause. Runs only on such a snapshot; with the objects at hand the other analyzers say more.
 */
public final class EventAnalyzer implements Analyzer {

    /** A failure an event names. */
    // events alone show a failure that is happening, not how much of the object it takes down
    private static final Severity FAILING = SeverityRules.severity(Problem.FAILURE, Symptom.DEGRADED);
    private static final Severity WARNING = SeverityRules.severity(Problem.FAILURE, Symptom.WARNING);

    private record Kind(Category category, Severity severity) {
    }

    private record Key(ObjectRef object, Category category) {
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Set<Coverage> coverage() {
        return EnumSet.of(Coverage.EVENTS);
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        Map<Key, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode e : index.objects("Event")) {
            Kind kind = classify(e);
            if (kind == null) continue;
            JsonNode io = e.path("involvedObject");
            String ns = K8s.text(io, "namespace", null);
            ObjectRef about = new ObjectRef(io.path("kind").asString("Pod"), ns != null ? ns : K8s.namespace(e),
                    io.path("name").asString("?"));
            groups.computeIfAbsent(new Key(about, kind.category()), k -> new ArrayList<>()).add(e);
        }
        List<Finding> out = new ArrayList<>();
        groups.forEach((key, events) -> out.add(finding(key, events)));
        return out;
    }

    private static Finding finding(Key key, List<JsonNode> events) {
        events.sort(Comparator.comparing(ClusterIndex::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())));
        JsonNode last = events.get(events.size() - 1);
        ObjectRef ref = key.object();
        Kind kind = classify(last);
        String message = last.path("message").asString("").strip();
        String where = ref.namespace() == null ? "" : " -n " + ref.namespace();
        FindingDraft d = FindingDraft.of(key.category(), kind.severity(), ref)
                .summary(key.category() + ": " + ref.kind() + " " + (ref.namespace() == null ? "" : ref.namespace() + "/")
                        + ref.name() + ": " + last.path("reason").asString() + " (from its events)")
                .rootCause("its events say: " + message)
                .remediate(Remediation.command("See the object's state and its events",
                        "kubectl describe " + ref.kind().toLowerCase(Locale.ROOT) + where + " " + ref.name()));
        for (int i = events.size() - 1; i >= 0 && i >= events.size() - 3; i--) {
            JsonNode e = events.get(i);
            int count = e.path("count").asInt(e.path("series").path("count").asInt(0));
            d.evidence(Evidence.event(e.path("reason").asString() + ": " + e.path("message").asString("").strip()
                    + (count > 1 ? " (x" + count + ")" : "")));
        }
        return d.build();
    }

    /** The failure an event names, or null when its reason names none the diagnosis knows. */
    static Kind classify(JsonNode e) {
        String reason = e.path("reason").asString("");
        String message = e.path("message").asString("");
        if (reason.equals("NodeNotReady")) return new Kind(Category.NodeUnhealthy, FAILING);
        if (!"Warning".equals(e.path("type").asString(""))) return null;
        return switch (reason) {
            case "BackOff" -> message.contains("pulling image") ? new Kind(Category.ImagePullError, FAILING)
                    : new Kind(Category.CrashLoopBackOff, FAILING);
            case "Failed" -> failed(message);
            case "ErrImageNeverPull", "InspectFailed" -> new Kind(Category.ImagePullError, FAILING);
            case "FailedScheduling" -> new Kind(Category.Unschedulable, FAILING);
            case "FailedMount", "FailedAttachVolume", "FailedMapVolume" -> new Kind(Category.VolumeMountError, FAILING);
            case "Unhealthy" -> new Kind(Category.ProbeFailure, WARNING);
            case "Evicted" -> new Kind(Category.Evicted, WARNING);
            case "OOMKilling" -> new Kind(Category.OOMKilled, FAILING);
            case "FailedCreate" -> message.contains("exceeded quota") ? new Kind(Category.QuotaExceeded, FAILING)
                    : new Kind(Category.PodCreationFailed, FAILING);
            case "ProvisioningFailed" -> new Kind(Category.PVCPending, FAILING);
            case "BackoffLimitExceeded", "DeadlineExceeded" -> new Kind(Category.JobFailed, FAILING);
            case "FailedGetResourceMetric", "FailedComputeMetricsReplicas", "FailedGetScale" ->
                    new Kind(Category.HPAMisconfigured, WARNING);
            default -> null;
        };
    }

    private static Kind failed(String message) {
        if (message.contains("ImagePull") || message.contains("pull image") || message.contains("ErrImage")) {
            return new Kind(Category.ImagePullError, FAILING);
        }
        if (message.contains("CreateContainerConfigError") || message.contains("not found")
                || message.contains("couldn't find key")) {
            return new Kind(Category.ContainerConfigError, FAILING);
        }
        return null;
    }
}
