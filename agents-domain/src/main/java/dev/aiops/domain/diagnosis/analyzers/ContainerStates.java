package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads container specs and statuses of a pod side by side. */
final class ContainerStates {

    private ContainerStates() {
    }

    /** A container's spec and status; {@code init} for init containers. */
    record Container(String name, JsonNode spec, JsonNode status, boolean init) {
        String waitingReason() {
            return K8s.text(status.path("state").path("waiting").get("reason"));
        }

        String waitingMessage() {
            return K8s.text(status.path("state").path("waiting").get("message"));
        }

        JsonNode terminated() {
            return status.path("state").path("terminated");
        }

        JsonNode lastTerminated() {
            return status.path("lastState").path("terminated");
        }

        int restarts() {
            return status.path("restartCount").asInt(0);
        }

        boolean ready() {
            return status.path("ready").asBoolean(false);
        }

        boolean running() {
            return status.path("state").has("running");
        }

        String image() {
            String s = K8s.text(spec.get("image"));
            return s != null ? s : K8s.text(status.get("image"));
        }
    }

    static List<Container> of(JsonNode pod) {
        List<Container> out = new ArrayList<>();
        add(out, pod.path("spec").path("initContainers"), pod.path("status").path("initContainerStatuses"), true);
        add(out, pod.path("spec").path("containers"), pod.path("status").path("containerStatuses"), false);
        return out;
    }

    private static void add(List<Container> out, JsonNode specs, JsonNode statuses, boolean init) {
        for (JsonNode spec : specs) {
            String name = K8s.text(spec.get("name"));
            JsonNode status = null;
            for (JsonNode s : statuses) {
                if (name != null && name.equals(K8s.text(s.get("name")))) status = s;
            }
            out.add(new Container(name, spec, status == null ? tools.jackson.databind.node.MissingNode.getInstance()
                    : status, init));
        }
    }

    /** The env var of {@code container} that reads {@code key} from the ConfigMap or Secret {@code source}. */
    static String envReading(JsonNode container, String sourceKind, String source, String key) {
        String refField = sourceKind.equals("Secret") ? "secretKeyRef" : "configMapKeyRef";
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path(refField);
            if (source.equals(K8s.text(ref.get("name"))) && (key == null || key.equals(K8s.text(ref.get("key"))))) {
                return K8s.text(env.get("name"));
            }
        }
        return null;
    }
}
