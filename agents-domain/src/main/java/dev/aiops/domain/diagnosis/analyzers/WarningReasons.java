package dev.aiops.domain.diagnosis.analyzers;

import static dev.aiops.domain.diagnosis.SeverityRules.Problem.FAILURE;
import static dev.aiops.domain.diagnosis.SeverityRules.Problem.HYGIENE;
import static dev.aiops.domain.diagnosis.SeverityRules.Problem.MISCONFIGURATION;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The event reasons Kubernetes reports trouble with (kubelet, scheduler, kube-controller-manager, the storage and
 * network controllers), each with the category it belongs to and the analyzer that names its specific cause.
 * Reasons with no analyzer get a generic finding from {@link WarningEventAnalyzer} quoting the event. Rendered
 * into {@code docs/warning-reasons.md}, which a test keeps equal to this table.
 */
final class WarningReasons {

    /**
     * One reason.
     *
     * @param reason   the event's {@code reason}
     * @param type     the event's {@code type}: {@code Warning}, or {@code Normal} for the few troubles reported so
     * @param kinds    the involved object's kinds it applies to; empty for any
     * @param message  a pattern the message must contain to match (admission causes of FailedCreate), or null
     * @param source   the component that reports it
     * @param category the finding category
     * @param analyzer the analyzer that names the cause, or null for a generic finding
     * @param problem  the kind of problem a generic finding reports (SeverityRules)
     * @param meaning  what it means, in a few words
     */
    record Row(String reason, String type, List<String> kinds, Pattern message, String source, Category category,
               String analyzer, Problem problem, String meaning) {

        boolean matches(String eventReason, String kind, String text) {
            return reason.equals(eventReason) && (kinds.isEmpty() || kinds.contains(kind))
                    && (message == null || message.matcher(text).find());
        }

        /** A short key naming the row in tests and docs: {@code reason/Kind[/message]}. */
        String key() {
            return reason + "/" + String.join(",", kinds) + (message == null ? "" : "/" + message.pattern());
        }
    }

    private static final List<String> POD = List.of("Pod");
    private static final List<String> NODE = List.of("Node");
    private static final List<String> POD_CONTROLLERS = List.of("ReplicaSet", "ReplicationController", "Job",
            "StatefulSet", "DaemonSet");
    private static final List<Row> ROWS = rows();
    /** Rows by reason, in table order: an event is matched against its reason's few rows only. */
    private static final Map<String, List<Row>> BY_REASON = byReason(ROWS);

    private WarningReasons() {
    }

    static List<Row> all() {
        return ROWS;
    }

    /** The first row for an event of this reason about this kind with this message. */
    static Optional<Row> find(String reason, String kind, String message) {
        for (Row r : BY_REASON.getOrDefault(reason, List.of())) {
            if (r.matches(reason, kind, message == null ? "" : message)) return Optional.of(r);
        }
        return Optional.empty();
    }

    private static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        // kubelet: images and containers
        t.add(row("Failed", POD, "(?i)pull|image", "kubelet", Category.ImagePullError, "pods", FAILURE,
                "an image cannot be pulled"));
        t.add(row("Failed", POD, null, "kubelet", Category.ContainerConfigError, "pods", FAILURE,
                "a container cannot be created or started"));
        t.add(row("BackOff", POD, "(?i)pulling image", "kubelet", Category.ImagePullError, "pods", FAILURE,
                "the kubelet backs off pulling an image"));
        t.add(row("BackOff", POD, null, "kubelet", Category.CrashLoopBackOff, "pods", FAILURE,
                "a container keeps exiting and is restarted with back-off"));
        t.add(row("ErrImageNeverPull", POD, null, "kubelet", Category.ImagePullError, "pods", FAILURE,
                "imagePullPolicy Never and the image is not on the node"));
        t.add(row("InspectFailed", POD, null, "kubelet", Category.ImagePullError, null, FAILURE,
                "the runtime cannot inspect the image"));
        t.add(row("Unhealthy", POD, null, "kubelet", Category.ProbeFailure, "pods", FAILURE,
                "a liveness, readiness or startup probe fails"));
        t.add(row("ProbeWarning", POD, null, "kubelet", Category.ProbeFailure, null, HYGIENE,
                "a probe passes with a warning (a redirect, a large body)"));
        t.add(row("FailedPostStartHook", POD, null, "kubelet", Category.ContainerConfigError, null, FAILURE,
                "the postStart hook fails, so the container is killed"));
        t.add(row("FailedPreStopHook", POD, null, "kubelet", Category.ContainerConfigError, null, FAILURE,
                "the preStop hook fails, so shutdown is not graceful"));
        t.add(row("ExceededGracePeriod", POD, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the runtime did not stop the pod within its grace period"));
        t.add(row("FailedKillPod", POD, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the runtime cannot stop the pod (often a CNI teardown)"));
        t.add(row("FailedCreatePodSandBox", POD, null, "kubelet", Category.PodCreationFailed, null, FAILURE,
                "the pod's sandbox (network namespace) cannot be created"));
        t.add(row("FailedPodSandBoxStatus", POD, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the runtime cannot report the sandbox's status"));
        t.add(row("NetworkNotReady", POD, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the node's network plugin (CNI) is not ready"));
        t.add(row("DNSConfigForming", List.of(), null, "kubelet", Category.NodeUnhealthy, null, HYGIENE,
                "the node's resolv.conf has more nameservers or search domains than pods can use"));
        // kubelet: volumes
        t.add(row("FailedMount", POD, null, "kubelet", Category.VolumeMountError, "pods", FAILURE,
                "a volume cannot be mounted"));
        t.add(row("FailedAttachVolume", POD, null, "attach/detach controller", Category.VolumeMountError, "pods",
                FAILURE, "a volume cannot be attached to the node"));
        t.add(row("FailedMapVolume", POD, null, "kubelet", Category.VolumeMountError, "pods", FAILURE,
                "a block volume cannot be mapped"));
        t.add(row("FailedUnMount", POD, null, "kubelet", Category.VolumeMountError, null, FAILURE,
                "a volume cannot be unmounted"));
        t.add(row("AlreadyMountedVolume", POD, null, "kubelet", Category.VolumeMountError, null, HYGIENE,
                "a volume is already mounted elsewhere"));
        t.add(row("FileSystemResizeFailed", POD, null, "kubelet", Category.VolumeMountError, null, FAILURE,
                "the file system of a resized volume cannot be grown"));
        // kubelet and scheduler: placement, eviction, preemption
        t.add(row("FailedScheduling", POD, null, "scheduler", Category.Unschedulable, "pods", FAILURE,
                "no node fits the pod"));
        t.add(row("Evicted", POD, null, "kubelet", Category.Evicted, "pods", FAILURE,
                "the kubelet evicted the pod under node pressure"));
        t.add(row("Preempting", POD, null, "kubelet", Category.Evicted, null, FAILURE,
                "the kubelet stops the pod to admit a critical pod"));
        t.add(new Row("Preempted", "Normal", POD, null, "scheduler", Category.Evicted, null, FAILURE,
                "the scheduler removed the pod to make room for a higher-priority one"));
        for (String r : List.of("OutOfcpu", "OutOfmemory", "OutOfpods", "OutOfephemeral-storage", "NodeAffinity",
                "UnexpectedAdmissionError", "TopologyAffinityError")) {
            t.add(row(r, POD, null, "kubelet", Category.Unschedulable, null, FAILURE,
                    "the kubelet rejected the pod at admission"));
        }
        t.add(row("NodeNotReady", POD, null, "node lifecycle controller", Category.NodeUnhealthy, "nodes", FAILURE,
                "the pod's node is not ready"));
        // nodes
        for (String r : List.of("NodeNotReady", "NodeHasDiskPressure", "NodeHasInsufficientMemory",
                "NodeHasInsufficientPID")) {
            t.add(new Row(r, "Normal", NODE, null, "kubelet, node lifecycle controller", Category.NodeUnhealthy, "nodes",
                    FAILURE, "a node condition turned bad"));
        }
        t.add(row("Rebooted", NODE, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the node rebooted (a new boot id)"));
        t.add(row("SystemOOM", NODE, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the kernel OOM killer ran on the node"));
        t.add(row("EvictionThresholdMet", NODE, null, "kubelet", Category.NodeUnhealthy, null, FAILURE,
                "the kubelet reclaims memory or disk and will evict pods"));
        for (String r : List.of("FreeDiskSpaceFailed", "ImageGCFailed", "ContainerGCFailed", "InvalidDiskCapacity",
                "KubeletSetupFailed", "FailedNodeAllocatableEnforcement", "CIDRAssignmentFailed")) {
            t.add(row(r, NODE, null, "kubelet, node ipam controller", Category.NodeUnhealthy, null, FAILURE,
                    "node housekeeping or setup fails"));
        }
        t.add(new Row("CIDRNotAvailable", "Normal", NODE, null, "node ipam controller", Category.NodeUnhealthy, null,
                FAILURE, "no pod CIDR is left for the node"));
        // pod controllers: admission causes of FailedCreate, most specific first
        t.add(row("FailedCreate", POD_CONTROLLERS, "exceeded quota", "replicaset, job, statefulset, daemonset",
                Category.QuotaExceeded, "workloads", MISCONFIGURATION, "a ResourceQuota is exhausted"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "failed quota", "replicaset, job, statefulset, daemonset",
                Category.QuotaExceeded, "workloads", MISCONFIGURATION,
                "a ResourceQuota requires requests or limits the pod does not set"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "violates PodSecurity", "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "PodSecurity admission rejects the pod"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "admission webhook|failed calling webhook",
                "replicaset, job, statefulset, daemonset", Category.PodCreationFailed, "workloads", MISCONFIGURATION,
                "an admission webhook denies the pod or cannot be called"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "usage per (?:Container|Pod)|max limit to request ratio",
                "replicaset, job, statefulset, daemonset", Category.PodCreationFailed, "workloads", MISCONFIGURATION,
                "a LimitRange rejects the pod's requests or limits"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "serviceaccount", "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "the pod's ServiceAccount does not exist"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "PriorityClass", "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "the pod's PriorityClass does not exist"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "RuntimeClass", "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "the pod's RuntimeClass does not exist"));
        t.add(row("FailedCreate", POD_CONTROLLERS, "is invalid", "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "the pod template is invalid"));
        t.add(row("FailedCreate", POD_CONTROLLERS, null, "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, "workloads", MISCONFIGURATION, "a pod cannot be created"));
        t.add(row("FailedDelete", POD_CONTROLLERS, null, "replicaset, job, statefulset, daemonset",
                Category.PodCreationFailed, null, FAILURE, "a pod cannot be deleted"));
        t.add(row("RecreatingFailedPod", List.of("StatefulSet"), null, "statefulset controller",
                Category.StatefulSetMisconfigured, null, FAILURE, "a failed pod is deleted and recreated"));
        t.add(row("FailedDaemonPod", List.of("DaemonSet"), null, "daemonset controller", Category.CrashLoopBackOff,
                null, FAILURE, "a daemon pod failed and is killed to be recreated"));
        t.add(row("FailedPlacement", List.of("DaemonSet"), null, "daemonset controller", Category.Unschedulable, null,
                FAILURE, "a daemon pod cannot be placed on a node"));
        t.add(row("ProgressDeadlineExceeded", List.of("Deployment"), null,
                "deployment controller (Progressing condition reason)", Category.RolloutStuck, "workloads",
                FAILURE, "the rollout stopped making progress"));
        // jobs and cron jobs
        for (String r : List.of("BackoffLimitExceeded", "DeadlineExceeded", "PodFailurePolicy",
                "MaxFailedIndexesExceeded")) {
            t.add(row(r, List.of("Job"), null, "job controller", Category.JobFailed, "jobs", FAILURE, "the Job failed"));
        }
        for (String r : List.of("TooManyActivePods", "TooManySucceededPods")) {
            t.add(row(r, List.of("Job"), null, "job controller", Category.JobFailed, null, FAILURE,
                    "the Job has more pods than it should"));
        }
        for (String r : List.of("InvalidSchedule", "UnknownTimeZone", "FailedNeedsStart", "TooManyMissedTimes",
                "MissSchedule", "FailedCreate")) {
            t.add(row(r, List.of("CronJob"), null, "cronjob controller", Category.CronJobMisconfigured, "jobs",
                    MISCONFIGURATION, "the CronJob cannot start its runs"));
        }
        t.add(new Row("JobAlreadyActive", "Normal", List.of("CronJob"), null, "cronjob controller",
                Category.CronJobMisconfigured, "jobs", MISCONFIGURATION,
                "concurrencyPolicy Forbid skips a run while the last one is active"));
        for (String r : List.of("FailedGet", "UnexpectedJob")) {
            t.add(row(r, List.of("CronJob"), null, "cronjob controller", Category.CronJobMisconfigured, null,
                    MISCONFIGURATION, "the CronJob controller cannot track its Jobs"));
        }
        // storage
        for (String r : List.of("FailedBinding", "ProvisioningFailed", "VolumeMismatch")) {
            t.add(row(r, List.of("PersistentVolumeClaim"), null, "persistentvolume controller, external-provisioner",
                    Category.PVCPending, "storage", MISCONFIGURATION, "the claim cannot be bound"));
        }
        for (String r : List.of("VolumeResizeFailed", "ClaimLost", "ClaimMisbound")) {
            t.add(row(r, List.of("PersistentVolumeClaim"), null, "persistentvolume and expand controllers",
                    Category.PVCPending, null, FAILURE, "the claim's volume cannot be resized or is lost"));
        }
        for (String r : List.of("VolumeFailedDelete", "VolumeFailedRecycle", "VolumeUnknownReclaimPolicy")) {
            t.add(row(r, List.of("PersistentVolume"), null, "persistentvolume controller", Category.PVCPending, null,
                    HYGIENE, "a released volume cannot be reclaimed"));
        }
        // Services and endpoints
        t.add(row("FailedToUpdateEndpoint", List.of("Endpoints"), null, "endpoints controller",
                Category.ServiceNoEndpoints, null, FAILURE, "the Service's endpoints cannot be updated"));
        t.add(row("FailedToUpdateEndpointSlices", List.of("Service"), null, "endpointslice controller",
                Category.ServiceNoEndpoints, null, FAILURE, "the Service's EndpointSlices cannot be updated"));
        for (String r : List.of("SyncLoadBalancerFailed", "UpdateLoadBalancerFailed", "DeleteLoadBalancerFailed",
                "UnAvailableLoadBalancer")) {
            t.add(row(r, List.of("Service"), null, "service controller (cloud provider)", Category.ServiceMisconfigured,
                    null, FAILURE, "the cloud load balancer cannot be synced"));
        }
        // autoscaling and disruption budgets
        for (String r : List.of("FailedGetScale", "FailedGetResourceMetric", "FailedGetContainerResourceMetric",
                "FailedGetPodsMetric", "FailedGetObjectMetric", "FailedGetExternalMetric",
                "FailedComputeMetricsReplicas")) {
            t.add(row(r, List.of("HorizontalPodAutoscaler"), null, "horizontal pod autoscaler",
                    Category.HPAMisconfigured, "scaling", MISCONFIGURATION, "the autoscaler cannot read its target or metrics"));
        }
        for (String r : List.of("FailedRescale", "InvalidSelector", "AmbiguousSelector", "InvalidMetricSourceType")) {
            t.add(row(r, List.of("HorizontalPodAutoscaler"), null, "horizontal pod autoscaler",
                    Category.HPAMisconfigured, null, MISCONFIGURATION, "the autoscaler cannot scale its target"));
        }
        for (String r : List.of("NoControllers", "CalculateExpectedPodCountFailed")) {
            t.add(row(r, List.of("PodDisruptionBudget"), null, "disruption controller", Category.PDBBlocking, null,
                    MISCONFIGURATION, "the budget cannot count the pods it protects"));
        }
        return List.copyOf(t);
    }

    private static Map<String, List<Row>> byReason(List<Row> rows) {
        Map<String, List<Row>> out = new HashMap<>();
        for (Row r : rows) out.computeIfAbsent(r.reason(), k -> new ArrayList<>()).add(r);
        return out;
    }

    private static Row row(String reason, List<String> kinds, String message, String source, Category category,
                           String analyzer, Problem problem, String meaning) {
        return new Row(reason, "Warning", kinds, message == null ? null : Pattern.compile(message), source, category,
                analyzer, problem, meaning);
    }

    /** The table as Markdown, for {@code docs/warning-reasons.md}. */
    static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Warning event reasons\n\n")
                .append("Generated from `WarningReasons` (agents-domain); `WarningReasonsTest` fails when this file and")
                .append(" the table differ.\n\n")
                .append("Each reason Kubernetes reports trouble with maps to a finding category. Where an analyzer is")
                .append(" named, it reads the object's state and names the specific cause; it alone decides whether")
                .append(" the event still matters, so the event never gives a second finding. The other reasons get")
                .append(" a generic finding quoting the event and naming the involved object: `low`, or `medium`")
                .append(" when the object shows the trouble now (see ADR 0016). Rows are matched top to bottom; a")
                .append(" message pattern narrows a row to one cause.\n\n")
                .append("| Reason | Type | Involved kinds | Message | Reported by | Category | Analyzer | Meaning |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : ROWS) {
            b.append("| `").append(r.reason()).append("` | ").append(r.type()).append(" | ")
                    .append(r.kinds().isEmpty() ? "any" : String.join(", ", r.kinds())).append(" | ")
                    .append(r.message() == null ? "" : "`" + r.message().pattern().replace("|", "\\|") + "`")
                    .append(" | ").append(r.source()).append(" | ").append(r.category()).append(" | ")
                    .append(r.analyzer() == null ? "generic (" + r.problem().name().toLowerCase() + ")" : r.analyzer())
                    .append(" | ").append(r.meaning()).append(" |\n");
        }
        return b.toString();
    }
}
