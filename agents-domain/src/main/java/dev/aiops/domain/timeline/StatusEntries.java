package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What pods' statuses record with a time: condition transitions ({@code PodScheduled}, {@code Initialized},
 * {@code ContainersReady}, {@code Ready}... at {@code lastTransitionTime}), container starts and terminations
 * (reason, exit code) of the current and the previous instance, restarts, and the end of a pod that failed or
 * completed. A container waiting in a failure state ({@code CrashLoopBackOff}, {@code ImagePullBackOff},
 * {@code CreateContainerConfigError}...) has no time of its own: it is placed at its last termination or else at
 * its pod's latest transition, with {@code timeUncertain}.
 */
final class StatusEntries {

    static final Set<String> FAILED_WAITING = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError", "CreateContainerError", "InvalidImageName", "RunContainerError",
            "ErrImageNeverPull", "PreStartHookError", "PostStartHookError");
    private static final String[] CONTAINER_LISTS = {"initContainerStatuses", "containerStatuses",
        "ephemeralContainerStatuses"};

    void read(ClusterSnapshot s, Scope scope, Window w) {
        Map<String, String> clocks = new HashMap<>();
        String ns = scope.namespace();
        for (JsonNode pod : ns == null ? s.objects("Pod") : s.objects("Pod", ns)) {
            String podNs = K8s.namespace(pod);
            String name = K8s.name(pod);
            if (!scope.includes("Pod", podNs, name)) continue;
            JsonNode status = pod.get("status");
            if (status == null || !status.isObject()) continue;
            String node = K8s.text(pod, "spec", "nodeName");
            String clock = node == null ? "status@pod:" + podNs + "/" + name
                    : clocks.computeIfAbsent(node, x -> "status@" + x);
            Subject object = Subject.of("Pod", podNs, name);
            long latest = conditions(status, object, clock, w);
            for (String list : CONTAINER_LISTS) {
                for (JsonNode cs : K8s.list(status.get(list))) {
                    latest = Math.max(latest, container(cs, podNs, name, clock, latest, w));
                }
            }
            phase(status, object, clock, latest, w);
        }
    }

    /** The pod's condition transitions; returns the latest. */
    private static long conditions(JsonNode status, Subject object, String clock, Window w) {
        long latest = NONE;
        for (JsonNode c : K8s.list(status.get("conditions"))) {
            long t = TimeScanner.instant(K8s.text(c, "lastTransitionTime", null));
            if (t == NONE) continue;
            latest = Math.max(latest, t);
            if (!w.admits(t)) continue;
            String type = K8s.text(c, "type", null);
            String value = K8s.text(c, "status", null);
            String reason = K8s.text(c, "reason", null);
            String message = K8s.text(c, "message", null);
            boolean ok = "True".equals(value);
            Level level = !ok && ("Ready".equals(type) || "ContainersReady".equals(type)
                    || "PodScheduled".equals(type)) ? Level.WARNING : Level.INFO;
            String text = type + "=" + value + (reason == null ? "" : " (" + reason + ")")
                    + (message == null || message.isBlank() ? "" : ": " + message.strip());
            Draft d = w.add(new Draft(t, Source.STATUS, object, level, reason, text,
                    "PodScheduled".equals(type) ? "status@control-plane" : clock));
            if (ok && "Ready".equals(type)) d.signal(Draft.Signal.RECOVERY);
        }
        return latest;
    }

    /** A container's starts and terminations, current and previous; returns the latest time it records. */
    private static long container(JsonNode cs, String ns, String pod, String clock, long podLatest, Window w) {
        String name = K8s.text(cs, "name", null);
        if (name == null) return NONE;
        Subject object = new Subject("Pod", ns, pod, name);
        int restarts = cs.path("restartCount").asInt(0);
        long latest = NONE;
        JsonNode last = cs.path("lastState").get("terminated");
        if (last != null && last.isObject()) {
            latest = Math.max(latest, started(last, object, name + " (previous instance)", clock, w, Level.INFO));
            latest = Math.max(latest, terminated(last, object, name + " (previous instance)", restarts, clock, w));
        }
        JsonNode state = cs.path("state");
        JsonNode running = state.get("running");
        if (running != null && running.isObject()) {
            latest = Math.max(latest, started(running, object, name + (restarts > 0 ? " (restart " + restarts + ")"
                    : ""), clock, w, restarts > 0 ? Level.WARNING : Level.INFO));
        }
        JsonNode terminated = state.get("terminated");
        if (terminated != null && terminated.isObject()) {
            latest = Math.max(latest, started(terminated, object, name, clock, w, Level.INFO));
            latest = Math.max(latest, terminated(terminated, object, name, restarts, clock, w));
        }
        JsonNode waiting = state.get("waiting");
        String reason = waiting == null ? null : K8s.text(waiting, "reason", null);
        if (reason != null && FAILED_WAITING.contains(reason)) {
            long t = latest != NONE ? latest : podLatest;
            if (t != NONE && w.admits(t)) {
                String message = K8s.text(waiting, "message", null);
                w.add(new Draft(t, Source.STATUS, object, Level.ERROR, reason, "container " + name + " waiting: "
                        + reason + (message == null || message.isBlank() ? "" : ": " + message.strip())
                        + (restarts > 0 ? " (restarted " + restarts + " times)" : ""), clock)).uncertain();
            }
        }
        return latest;
    }

    private static long started(JsonNode state, Subject object, String label, String clock, Window w, Level level) {
        long t = TimeScanner.instant(K8s.text(state, "startedAt", null));
        if (t != NONE && w.admits(t)) {
            w.add(new Draft(t, Source.STATUS, object, level, level == Level.INFO ? "Started" : "Restarted",
                    "container " + label + " started", clock));
        }
        return t;
    }

    private static long terminated(JsonNode state, Subject object, String label, int restarts, String clock,
                                   Window w) {
        long t = TimeScanner.instant(K8s.text(state, "finishedAt", null));
        if (t != NONE && w.admits(t)) {
            String reason = K8s.text(state, "reason", null);
            int exit = state.path("exitCode").asInt(0);
            String signal = K8s.text(state, "signal", null);
            String message = K8s.text(state, "message", null);
            boolean clean = exit == 0 && !"OOMKilled".equals(reason) && !"Error".equals(reason);
            StringBuilder text = new StringBuilder("container ").append(label).append(" terminated: ")
                    .append(reason == null ? "exit" : reason).append(", exit code ").append(exit);
            if (signal != null) text.append(", signal ").append(signal);
            if (message != null && !message.isBlank()) text.append(": ").append(message.strip());
            if (restarts > 0 && label.endsWith("(previous instance)")) text.append(" (restarts: ").append(restarts)
                    .append(')');
            w.add(new Draft(t, Source.STATUS, object, clean ? Level.INFO : Level.ERROR, reason == null ? "Terminated"
                    : reason, text.toString(), clock));
        }
        return t;
    }

    /** A pod that failed or completed (Evicted, Shutdown, Succeeded...), at the latest time its status records. */
    private static void phase(JsonNode status, Subject object, String clock, long latest, Window w) {
        String phase = K8s.text(status, "phase", null);
        String reason = K8s.text(status, "reason", null);
        if (!"Failed".equals(phase) && !"Succeeded".equals(phase) && reason == null) return;
        if (latest == NONE) latest = TimeScanner.instant(K8s.text(status, "startTime", null));
        if (latest == NONE || !w.admits(latest)) return;
        String message = K8s.text(status, "message", null);
        Level level = "Succeeded".equals(phase) ? Level.INFO : "Failed".equals(phase) ? Level.ERROR : Level.WARNING;
        w.add(new Draft(latest, Source.STATUS, object, level, reason == null ? phase : reason, "pod phase " + phase
                + (reason == null ? "" : " (" + reason + ")") + (message == null || message.isBlank() ? ""
                : ": " + message.strip()), clock)).uncertain();
    }
}
