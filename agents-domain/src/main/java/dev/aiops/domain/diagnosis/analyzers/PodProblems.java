package dev.aiops.domain.diagnosis.analyzers;

import static dev.aiops.domain.diagnosis.Category.ContainerConfigError;
import static dev.aiops.domain.diagnosis.Category.CrashLoopBackOff;
import static dev.aiops.domain.diagnosis.Category.DependencyUnreachable;
import static dev.aiops.domain.diagnosis.Category.ImagePullError;
import static dev.aiops.domain.diagnosis.Category.InitContainerFailure;
import static dev.aiops.domain.diagnosis.Category.OOMKilled;
import static dev.aiops.domain.diagnosis.Category.RBACDenied;
import static dev.aiops.domain.diagnosis.Category.VolumeMountError;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Finds what is wrong with the containers of one pod and why, reading status, events, spec and logs. */
final class PodProblems {

    private static final Pattern MISSING_KEY = Pattern.compile(
            "couldn't find key (\\S+) in (ConfigMap|Secret) ([^/\\s]+)/(\\S+)");
    private static final Pattern MISSING_SOURCE = Pattern.compile("(configmap|secret) \"([^\"]+)\" not found");

    /** Exit codes whose meaning does not depend on the application. */
    private static final java.util.Map<Integer, String> EXIT_MEANINGS = java.util.Map.of(
            126, "the container's command exists but is not executable",
            127, "the container's command or entrypoint is not found in the image",
            139, "the process crashed with a segmentation fault (SIGSEGV)");

    private final ClusterIndex index;
    private final JsonNode pod;
    private final String ns;
    private final String name;
    private final List<PodProblem> out = new ArrayList<>();

    private PodProblems(ClusterIndex index, JsonNode pod) {
        this.index = index;
        this.pod = pod;
        this.ns = K8s.namespace(pod);
        this.name = K8s.name(pod);
    }

    static List<PodProblem> of(ClusterIndex index, JsonNode pod) {
        PodProblems p = new PodProblems(index, pod);
        p.detect();
        return p.out;
    }

    private void detect() {
        String phase = pod.path("status").path("phase").asString("");
        if (phase.equals("Succeeded")) return;
        if (phase.equals("Pending")) volumeProblem();
        for (ContainerStates.Container c : ContainerStates.of(pod)) {
            String waiting = c.waitingReason();
            if (waiting != null) {
                waiting(c, waiting);
            } else if ("OOMKilled".equals(K8s.text(c.terminated().get("reason")))) {
                oom(c, c.terminated());
            } else if (c.init() && c.terminated().path("exitCode").asInt(0) != 0) {
                initFailed(c, c.terminated());
            } else if (c.running() && "OOMKilled".equals(K8s.text(c.lastTerminated().get("reason")))
                    && recent(c.lastTerminated())) {
                oom(c, c.lastTerminated()); // caught between two kills: running again, but not for long
            }
        }
    }

    /** A termination within the last hour before the snapshot: still part of what is going on. */
    private boolean recent(JsonNode terminated) {
        java.time.Instant at = ClusterIndex.instant(terminated.get("finishedAt"));
        return at != null && !at.isBefore(index.now().minus(java.time.Duration.ofHours(1)));
    }

    private void waiting(ContainerStates.Container c, String reason) {
        switch (reason) {
            case "CrashLoopBackOff", "RunContainerError" -> crashLoop(c);
            case "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable" ->
                    imagePull(c, reason);
            case "CreateContainerConfigError", "CreateContainerError" -> configError(c, reason);
            default -> { }
        }
    }

    private String containerWord(ContainerStates.Container c) {
        return (c.init() ? "init container " : "container ") + c.name();
    }

    private void crashLoop(ContainerStates.Container c) {
        JsonNode last = c.lastTerminated();
        String lastReason = K8s.text(last.get("reason"));
        if ("OOMKilled".equals(lastReason)) {
            oom(c, last);
        }
        List<String> logs = logsOf(c);
        LogClue clue = LogClue.find(logs);
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status(containerWord(c) + " is waiting in CrashLoopBackOff after " + c.restarts()
                + " restarts" + (last.has("exitCode") ? "; last exit code " + last.path("exitCode").asInt()
                + (lastReason == null ? "" : " (" + lastReason + ")") : "")));
        String terminationMessage = K8s.text(last.get("message"));
        if (terminationMessage != null) ev.add(Evidence.status("termination message: " + firstLine(terminationMessage)));
        if (clue != null) ev.add(Evidence.log(clue.line()));
        else if (!logs.isEmpty()) ev.add(Evidence.log(logs.get(logs.size() - 1)));
        backOffEvent(ev);
        String cause;
        List<ObjectRef> related = new ArrayList<>();
        String probeKill = livenessKill(c.name());
        String dependencyNote = "";
        if (clue != null && clue.isDependency()) {
            Dependencies.Target dep = Dependencies.resolve(index, ns, clue.host());
            if (dep.service() != null) related.add(dep.service());
            dependencyNote = dep.note();
        }
        if ("OOMKilled".equals(lastReason)) {
            cause = containerWord(c) + " is killed for exceeding its memory limit " + memoryLimit(c);
        } else if (probeKill != null) {
            cause = containerWord(c) + " is restarted by the kubelet because its livenessProbe fails: " + probeKill;
            ev.add(Evidence.event(probeKill));
        } else if (clue != null) {
            cause = containerWord(c) + " exits" + exitCode(last) + " because " + clue.describe() + dependencyNote;
        } else if (terminationMessage != null) {
            cause = containerWord(c) + " exits" + exitCode(last) + ": " + firstLine(terminationMessage);
        } else if (EXIT_MEANINGS.containsKey(last.path("exitCode").asInt(0))) {
            cause = containerWord(c) + " exits with code " + last.path("exitCode").asInt() + ": "
                    + EXIT_MEANINGS.get(last.path("exitCode").asInt()) + " (image " + c.image() + ")";
        } else if (last.path("exitCode").asInt(0) == 137) {
            cause = containerWord(c) + " is killed with SIGKILL (exit code 137) without an OOM kill: a failing probe,"
                    + " a preStop hook or the runtime stops it";
        } else {
            cause = containerWord(c) + " keeps exiting" + exitCode(last) + "; its log gives no reason";
        }
        Category cat = c.init() ? InitContainerFailure : CrashLoopBackOff;
        out.add(new PodProblem(cat, Problem.FAILURE, Symptom.DEGRADED, containerWord(c) + " is crash-looping", cause, ev, List.of(
                Remediation.command("Read the log of the crashed instance",
                        "kubectl logs -n " + ns + " " + name + " -c " + c.name() + " --previous"),
                Remediation.command("Inspect the pod's events and last state", "kubectl describe pod -n " + ns + " " + name)),
                related));
        if (clue != null) secondaryFromClue(c, clue, dependencyNote, ev, related);
    }

    /** A crash caused by a dependency or RBAC is also reported in that category, on the same pod. */
    private void secondaryFromClue(ContainerStates.Container c, LogClue clue, String dependencyNote, List<Evidence> ev,
                                   List<ObjectRef> related) {
        if (clue.isDependency()) {
            String dep = clue.subject() == null ? "a dependency" : clue.subject();
            String cause = containerWord(c) + " cannot reach " + dep + ": " + clue.describe() + dependencyNote;
            out.add(new PodProblem(DependencyUnreachable, Problem.CONSEQUENCE, Symptom.DEGRADED, containerWord(c) + " cannot reach " + dep,
                    cause, ev, List.of(Remediation.command("Check the dependency's Service and endpoints",
                    related.isEmpty() ? "kubectl get svc,endpoints -n " + ns
                            : "kubectl get endpoints -n " + related.get(0).namespace() + " " + related.get(0).name())),
                    related));
        } else if (clue.kind() == LogClue.Kind.RBAC_FORBIDDEN) {
            String sa = pod.path("spec").path("serviceAccountName").asString("default");
            out.add(new PodProblem(RBACDenied, Problem.MISCONFIGURATION, Symptom.DEGRADED, containerWord(c) + " is denied by RBAC",
                    RbacFacts.explain(index, clue.subject(), ns + "/" + sa), ev, List.of(
                    Remediation.command("See what the service account may do",
                            "kubectl auth can-i --list -n " + ns + " --as=system:serviceaccount:" + ns + ":" + sa)),
                    List.of(new ObjectRef("ServiceAccount", ns, sa))));
        }
    }

    private void oom(ContainerStates.Container c, JsonNode terminated) {
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status(containerWord(c) + " was terminated with reason OOMKilled (exit code "
                + terminated.path("exitCode").asInt(137) + ") after " + c.restarts() + " restarts"));
        String limit = memoryLimit(c);
        ev.add(Evidence.spec(containerWord(c) + " memory limit: " + limit));
        String owner = ownerArg();
        out.add(new PodProblem(OOMKilled, Problem.FAILURE, Symptom.DEGRADED, containerWord(c) + " is OOMKilled",
                containerWord(c) + " uses more memory than its limit " + limit + " and is killed by the kernel (OOMKilled)",
                ev, List.of(Remediation.destructive("Raise the memory limit (or fix the leak); this rolls the pods",
                        "kubectl set resources " + owner + " -n " + ns + " -c " + c.name() + " --limits=memory="
                                + doubled(limit))), List.of()));
    }

    private void initFailed(ContainerStates.Container c, JsonNode terminated) {
        List<String> logs = logsOf(c);
        LogClue clue = LogClue.find(logs);
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status(containerWord(c) + " terminated with exit code " + terminated.path("exitCode").asInt()
                + " (" + terminated.path("reason").asString("Error") + ")"));
        if (clue != null) ev.add(Evidence.log(clue.line()));
        out.add(new PodProblem(InitContainerFailure, Problem.FAILURE, Symptom.DEGRADED, containerWord(c) + " fails",
                containerWord(c) + " fails" + exitCode(terminated) + (clue != null ? " because " + clue.describe() : ""),
                ev, List.of(Remediation.command("Read the init container's log",
                "kubectl logs -n " + ns + " " + name + " -c " + c.name())), List.of()));
    }

    private void imagePull(ContainerStates.Container c, String reason) {
        String image = c.image();
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status(containerWord(c) + " is waiting: " + reason
                + (c.waitingMessage() == null ? "" : ": " + c.waitingMessage())));
        String why = null;
        for (JsonNode e : index.events(pod)) {
            String msg = e.path("message").asString("");
            if (("Failed".equals(K8s.text(e.get("reason"))) || "ErrImagePull".equals(K8s.text(e.get("reason"))))
                    && msg.contains("pull")) {
                ev.add(Evidence.event(msg));
                why = imagePullReason(msg);
            }
        }
        if (why == null && c.waitingMessage() != null) why = imagePullReason(c.waitingMessage());
        String cause = "image " + image + " cannot be pulled" + (why == null ? "" : ": " + why);
        out.add(new PodProblem(ImagePullError, Problem.FAILURE, Symptom.DEGRADED, containerWord(c) + " cannot pull its image",
                cause, ev, List.of(
                Remediation.command("Check that the image and tag exist in the registry", "kubectl describe pod -n "
                        + ns + " " + name),
                Remediation.destructive("Point the workload at an image that exists (rolls the pods)",
                        "kubectl set image " + ownerArg() + " -n " + ns + " " + c.name() + "=<registry>/<image>:<tag>")),
                List.of()));
    }

    static String imagePullReason(String msg) {
        String m = msg.toLowerCase();
        if (m.contains("not found") || m.contains("manifest unknown")) return "the image or tag does not exist";
        if (m.contains("unauthorized") || m.contains("authentication required") || m.contains("denied")
                || m.contains("403")) return "the registry denies access (missing or wrong imagePullSecrets)";
        if (m.contains("no such host") || m.contains("dial tcp") || m.contains("i/o timeout"))
            return "the registry cannot be reached";
        if (m.contains("invalid reference format") || m.contains("invalidimagename")) return "the image name is invalid";
        if (m.contains("toomanyrequests") || m.contains("rate limit")) return "the registry rate-limits pulls";
        return null;
    }

    private void configError(ContainerStates.Container c, String reason) {
        String msg = c.waitingMessage() == null ? "" : c.waitingMessage();
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status(containerWord(c) + " is waiting: " + reason + (msg.isEmpty() ? "" : ": " + msg)));
        for (JsonNode e : index.events(pod)) {
            if ("Failed".equals(K8s.text(e.get("reason")))) ev.add(Evidence.event(e.path("message").asString("")));
        }
        String cause = msg.isEmpty() ? containerWord(c) + " cannot be created (" + reason + ")" : msg;
        List<Remediation> fix = new ArrayList<>();
        List<ObjectRef> related = new ArrayList<>();
        Matcher k = MISSING_KEY.matcher(msg);
        Matcher s = MISSING_SOURCE.matcher(msg);
        if (k.find()) {
            String key = k.group(1);
            String kind = k.group(2);
            String source = k.group(4);
            String env = ContainerStates.envReading(c.spec(), kind, source, key);
            cause = "key " + key + " is missing from " + kind + " " + k.group(3) + "/" + source
                    + (env == null ? "" : ", which env var " + env + " of " + containerWord(c) + " reads");
            JsonNode obj = index.get(kind, k.group(3), source);
            if (obj != null) {
                List<String> keys = new ArrayList<>();
                obj.path("data").propertyNames().forEach(keys::add);
                ev.add(Evidence.related(kind + " " + source + " has keys " + keys));
            }
            related.add(new ObjectRef(kind, k.group(3), source));
            fix.add(kind.equals("Secret")
                    ? Remediation.command("Add the missing key to the Secret", "kubectl patch secret " + source + " -n "
                    + ns + " --type merge -p '{\"stringData\":{\"" + key + "\":\"<value>\"}}'")
                    : Remediation.command("Add the missing key to the ConfigMap", "kubectl patch configmap " + source
                    + " -n " + ns + " --type merge -p '{\"data\":{\"" + key + "\":\"<value>\"}}'"));
        } else if (s.find()) {
            String kind = s.group(1).equals("secret") ? "Secret" : "ConfigMap";
            String env = ContainerStates.envReading(c.spec(), kind, s.group(2), null);
            cause = kind + " " + ns + "/" + s.group(2) + " does not exist"
                    + (env == null ? "" : "; env var " + env + " of " + containerWord(c) + " reads it");
            related.add(new ObjectRef(kind, ns, s.group(2)));
            fix.add(kind.equals("Secret")
                    ? Remediation.command("Create the Secret", "kubectl create secret generic " + s.group(2) + " -n "
                    + ns + " --from-literal=<KEY>=<value>")
                    : Remediation.command("Create the ConfigMap", "kubectl create configmap " + s.group(2) + " -n "
                    + ns + " --from-literal=<KEY>=<value>"));
        }
        fix.add(Remediation.command("Inspect the pod", "kubectl describe pod -n " + ns + " " + name));
        out.add(new PodProblem(ContainerConfigError, Problem.FAILURE, Symptom.DEGRADED, containerWord(c) + " cannot be created",
                cause, ev, fix, related));
    }

    /** Mount failures, citing the most specific event (a named missing object beats a generic time-out). */
    private void volumeProblem() {
        JsonNode best = null;
        int bestScore = -1;
        for (JsonNode e : index.events(pod)) {
            String reason = e.path("reason").asString("");
            if (!(reason.equals("FailedMount") || reason.equals("FailedAttachVolume") || reason.equals("FailedMapVolume"))) {
                continue;
            }
            String msg = e.path("message").asString("");
            int score = msg.contains("not found") ? 3 : msg.contains("Multi-Attach") || msg.contains("MountVolume") ? 2
                    : msg.contains("Unable to attach or mount") || msg.contains("timed out waiting") ? 0 : 1;
            if (score >= bestScore) {
                best = e;
                bestScore = score;
            }
        }
        if (best == null) return;
        String msg = best.path("message").asString("");
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.status("pod is Pending: its containers cannot start until the volumes are mounted"));
        ev.add(Evidence.event(best.path("reason").asString("") + ": " + msg + countSuffix(best)));
        out.add(new PodProblem(VolumeMountError, Problem.FAILURE, Symptom.DEGRADED, "volumes of pod " + name + " cannot be mounted",
                volumeCause(msg), ev, List.of(Remediation.command("Inspect the mount errors",
                "kubectl describe pod -n " + ns + " " + name)), List.of()));
    }

    static String volumeCause(String msg) {
        Matcher m = Pattern.compile("(configmap|secret) \"([^\"]+)\" not found").matcher(msg);
        if (m.find()) {
            return (m.group(1).equals("secret") ? "Secret " : "ConfigMap ") + m.group(2)
                    + " mounted as a volume does not exist";
        }
        Matcher v = Pattern.compile("persistentvolumeclaim \"([^\"]+)\" not found").matcher(msg);
        if (v.find()) return "PersistentVolumeClaim " + v.group(1) + " does not exist";
        return firstLine(msg);
    }

    /** The last liveness failure message when the kubelet kills this container for failing its liveness probe. */
    private String livenessKill(String container) {
        String failure = null;
        boolean killed = false;
        for (JsonNode e : index.events(pod)) {
            String msg = e.path("message").asString("");
            String path = e.path("involvedObject").path("fieldPath").asString("");
            if (!path.isEmpty() && !path.contains("{" + container + "}")) continue;
            if (msg.startsWith("Liveness probe failed")) failure = msg;
            if (msg.contains("failed liveness probe, will be restarted")) killed = true;
        }
        return killed || failure != null ? (failure != null ? failure : "liveness probe failed") : null;
    }

    private void backOffEvent(List<Evidence> ev) {
        for (JsonNode e : index.events(pod)) {
            if ("BackOff".equals(K8s.text(e.get("reason")))) {
                ev.add(Evidence.event(e.path("message").asString("") + countSuffix(e)));
                return;
            }
        }
    }

    private static String countSuffix(JsonNode e) {
        int n = e.path("count").asInt(0);
        return n > 1 ? " (x" + n + ")" : "";
    }

    private List<String> logsOf(ContainerStates.Container c) {
        Map<String, List<String>> logs = index.snapshot().logs(ns, name);
        List<String> previous = logs.get(c.name() + " (previous)");
        List<String> current = logs.getOrDefault(c.name(), List.of());
        List<String> all = new ArrayList<>();
        if (previous != null) all.addAll(previous);
        for (String l : current) {
            if (!l.startsWith("Request log error")) all.add(l);
        }
        return all;
    }

    private String memoryLimit(ContainerStates.Container c) {
        String l = K8s.text(c.spec().path("resources").path("limits").get("memory"));
        return l == null ? "(none set: the node ran out of memory)" : l;
    }

    private static String doubled(String limit) {
        double b = dev.aiops.domain.diagnosis.Quantities.parse(limit);
        return Double.isNaN(b) ? "<higher-limit>" : dev.aiops.domain.diagnosis.Quantities.bytes(b * 2);
    }

    private String ownerArg() {
        ObjectRef owner = index.ownerOf(pod);
        return owner == null ? "pod/" + name : owner.kind().toLowerCase() + "/" + owner.name();
    }

    private static String exitCode(JsonNode terminated) {
        return terminated.has("exitCode") ? " with code " + terminated.path("exitCode").asInt() : "";
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
