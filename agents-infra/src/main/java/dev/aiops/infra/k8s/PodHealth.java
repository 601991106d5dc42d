package dev.aiops.infra.k8s;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Which pods are worth reading logs of, and which container logs exist to read. */
final class PodHealth {

    /** A container whose current log exists, and whether a previous instance's log exists too. */
    record ContainerLog(String container, boolean previous) {
    }

    private PodHealth() {
    }

    /**
     * A pod is not healthy when a container is waiting, terminated with a non-zero exit code, not ready (while
     * the pod has not completed), or has restarted; and when the pod itself is Pending, Failed or Unknown.
     */
    static boolean needsLogs(JsonNode pod) {
        JsonNode status = pod.path("status");
        String phase = status.path("phase").asString("");
        if (phase.equals("Pending") || phase.equals("Failed") || phase.equals("Unknown")) return true;
        for (JsonNode cs : K8s.list(status.get("initContainerStatuses"))) {
            if (unhealthy(cs, false, phase)) return true;
        }
        for (JsonNode cs : K8s.list(status.get("containerStatuses"))) {
            if (unhealthy(cs, true, phase)) return true;
        }
        return false;
    }

    private static boolean unhealthy(JsonNode cs, boolean regular, String phase) {
        JsonNode state = cs.path("state");
        if (state.has("waiting")) return true;
        JsonNode terminated = state.get("terminated");
        if (terminated != null && terminated.path("exitCode").asInt(0) != 0) return true;
        if (cs.path("restartCount").asInt(0) > 0) return true;
        boolean completed = terminated != null || phase.equals("Succeeded");
        return regular && !completed && !cs.path("ready").asBoolean(false);
    }

    /**
     * The containers (init containers first) that have run at least once, so that the kubelet has a log of them;
     * a container that never started (image pull, config error, still creating) has none, and asking for it only
     * earns a 400.
     */
    static List<ContainerLog> logsToRead(JsonNode pod) {
        List<ContainerLog> out = new ArrayList<>();
        JsonNode status = pod.path("status");
        for (String field : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode cs : K8s.list(status.get(field))) {
                String name = K8s.text(cs.get("name"));
                if (name == null) continue;
                JsonNode state = cs.path("state");
                boolean restarted = cs.path("restartCount").asInt(0) > 0;
                boolean ran = state.has("running") || state.has("terminated")
                        || cs.path("lastState").has("terminated") || restarted;
                if (ran) out.add(new ContainerLog(name, restarted));
            }
        }
        return out;
    }
}
