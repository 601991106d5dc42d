package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.status;

import dev.aiops.infra.k8s.K8s;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pod logs for {@link DemoApiDispatcher}: {@code GET .../pods/NAME/log} with {@code container}, {@code previous},
 * {@code tailLines} and {@code limitBytes}, answered like the kubelet does, from logs seeded per container.
 */
final class DemoLogs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoApiDispatcher api;
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    DemoLogs(DemoApiDispatcher api) {
        this.api = api;
    }

    /** The log of a container; {@code previous} for {@code ?previous=true}. */
    void seed(String namespace, String pod, String container, boolean previous, String text) {
        logs.put(logKey(namespace, pod, container, previous), text);
    }

    /** Copies the logs of the containers of pod {@code from} to pod {@code to}. */
    void copy(String namespace, String from, String to) {
        String prefix = namespace + "/" + from + "/";
        for (Map.Entry<String, String> e : List.copyOf(logs.entrySet())) {
            if (e.getKey().startsWith(prefix)) {
                logs.put(namespace + "/" + to + "/" + e.getKey().substring(prefix.length()), e.getValue());
            }
        }
    }

    MockResponse serve(String namespace, String podName, Map<String, String> query) {
        MockResponse found = api.handleGet("/api/v1/namespaces/" + namespace + "/pods/" + podName);
        if (found.code() != 200) {
            return status(404, "NotFound", "pods \"" + podName + "\" not found");
        }
        JsonNode pod;
        try {
            pod = JSON.readTree(new String(found.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return status(500, "InternalError", "stored pod is not JSON");
        }
        List<String> containers = new ArrayList<>();
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : K8s.list(pod.path("spec").get(field))) containers.add(K8s.text(c.get("name")));
        }
        String container = query.get("container");
        if (container == null || container.isEmpty()) {
            if (containers.size() != 1) {
                return status(400, "BadRequest", "a container name must be specified for pod " + podName
                        + ", choose one of: " + containers);
            }
            container = containers.get(0);
        } else if (!containers.contains(container)) {
            return status(400, "BadRequest", "container " + container + " is not valid for pod " + podName);
        }
        boolean previous = "true".equals(query.get("previous"));
        String text = logs.get(logKey(namespace, podName, container, previous));
        if (text == null) {
            JsonNode cs = containerStatus(pod, container);
            if (previous) {
                return status(400, "BadRequest", "previous terminated container \"" + container + "\" in pod \""
                        + podName + "\" not found");
            }
            if (cs == null || neverStarted(cs)) {
                String reason = cs == null ? "ContainerCreating"
                        : cs.path("state").path("waiting").path("reason").asString("ContainerCreating");
                return status(400, "BadRequest", "container \"" + container + "\" in pod \"" + podName
                        + "\" is waiting to start: " + reason);
            }
            text = "";
        }
        text = tail(text, query.get("tailLines"));
        String limitBytes = query.get("limitBytes");
        if (limitBytes != null) {
            try {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int max = (int) Math.min(bytes.length, Long.parseLong(limitBytes));
                text = new String(bytes, 0, Math.max(0, max), StandardCharsets.UTF_8);
            } catch (NumberFormatException e) {
                return status(400, "BadRequest", "invalid limitBytes");
            }
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    }

    private static JsonNode containerStatus(JsonNode pod, String container) {
        for (String field : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode cs : K8s.list(pod.path("status").get(field))) {
                if (container.equals(K8s.text(cs.get("name")))) return cs;
            }
        }
        return null;
    }

    private static boolean neverStarted(JsonNode cs) {
        JsonNode state = cs.path("state");
        return state.has("waiting") && !cs.path("lastState").has("terminated") && cs.path("restartCount").asInt(0) == 0;
    }

    private static String tail(String text, String tailLines) {
        if (tailLines == null || text.isEmpty()) return text;
        int n;
        try {
            n = Integer.parseInt(tailLines);
        } catch (NumberFormatException e) {
            return text;
        }
        if (n < 0) return text;
        boolean trailingNewline = text.endsWith("\n");
        List<String> lines = Arrays.asList((trailingNewline ? text.substring(0, text.length() - 1) : text).split("\n", -1));
        if (lines.size() <= n) return text;
        String kept = String.join("\n", lines.subList(lines.size() - n, lines.size()));
        return n == 0 ? "" : kept + (trailingNewline ? "\n" : "");
    }

    private static String logKey(String namespace, String pod, String container, boolean previous) {
        return namespace + "/" + pod + "/" + container + (previous ? "#previous" : "");
    }
}
