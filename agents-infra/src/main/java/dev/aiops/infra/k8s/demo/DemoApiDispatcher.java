package dev.aiops.infra.k8s.demo;

import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's CRUD mock dispatcher with what a real API server does and CRUD mode does not: list pagination with
 * {@code limit} and {@code continue} (items in key order, {@code metadata.continue} and
 * {@code remainingItemCount}), pod logs ({@code GET .../pods/NAME/log} with {@code container}, {@code previous},
 * {@code tailLines} and {@code limitBytes}, answered like the kubelet does), and seeding objects exactly as given
 * (their uid, timestamps and status are kept, so that owner references hold). It also records every request path.
 */
public class DemoApiDispatcher extends KubernetesCrudDispatcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_RECORDED = 10_000;
    private static final Pattern LOG_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
    private static final Pattern COLLECTION = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/[^/]+$");

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    /** The most recent requests, oldest first; bounded so that a long-running demo does not grow without end. */
    private final ArrayDeque<String> requests = new ArrayDeque<>();

    /**
     * Stores an object as it is, without the uid, timestamps and status that creating it through the API would
     * reset; it must carry {@code kind}, {@code apiVersion} and {@code metadata.name}, and be of a kind of
     * {@link ApiResource#DIAGNOSIS}. Seed before the server takes requests (the CRUD store is not guarded against
     * this path); once it runs, create objects through a client.
     */
    public void seed(JsonNode object) {
        String kind = K8s.kind(object);
        ApiResource resource = ApiResource.forKind(kind);
        if (resource == null) throw new IllegalArgumentException("cannot seed a " + kind);
        String name = K8s.name(object);
        String namespace = K8s.namespace(object);
        if (name == null || (resource.namespaced() && namespace == null)) {
            throw new IllegalArgumentException("a " + kind + " needs metadata.name"
                    + (resource.namespaced() ? " and metadata.namespace" : ""));
        }
        String json = object.toString();
        String path = resource.path(namespace);
        GenericKubernetesResource parsed = serialization.unmarshal(json, GenericKubernetesResource.class);
        AttributeSet key = getKey(path).add(new Attribute("name", name));
        processEvent(path, key, null, parsed, json);
    }

    /** The log of a container, served for {@code GET .../log}; {@code previous} for {@code ?previous=true}. */
    public void seedLog(String namespace, String pod, String container, boolean previous, String text) {
        logs.put(logKey(namespace, pod, container, previous), text);
    }

    /** The requests so far (the last 10,000), as {@code METHOD /path?query}, in arrival order. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getPath();
        synchronized (requests) {
            requests.addLast(request.getMethod() + " " + target);
            if (requests.size() > MAX_RECORDED) requests.removeFirst();
        }
        if (!"GET".equalsIgnoreCase(request.getMethod())) {
            return super.dispatch(request);
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : target.substring(q + 1));
        Matcher log = LOG_PATH.matcher(path);
        if (log.matches()) {
            return serveLog(decode(log.group(1)), decode(log.group(2)), query);
        }
        if (query.containsKey("limit") && !"true".equals(query.get("watch")) && COLLECTION.matcher(path).matches()) {
            return page(path, query);
        }
        return super.dispatch(request);
    }

    // ---- pagination ----

    private MockResponse page(String path, Map<String, String> query) {
        int limit;
        int offset = 0;
        try {
            limit = Integer.parseInt(query.get("limit"));
            String token = query.get("continue");
            if (token != null && !token.isEmpty()) {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!decoded.startsWith("offset:")) throw new IllegalArgumentException(decoded);
                offset = Integer.parseInt(decoded.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", "invalid limit or continue token");
        }
        Map<String, String> rest = new LinkedHashMap<>(query);
        rest.remove("limit");
        rest.remove("continue");
        MockResponse all = handleGet(path + toQuery(rest));
        if (all.code() != 200) return all;
        ObjectNode list;
        try {
            list = (ObjectNode) JSON.readTree(new String(all.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (JacksonException | ClassCastException e) {
            return all;
        }
        List<JsonNode> items = new ArrayList<>(K8s.list(list.get("items")));
        items.sort(Comparator.comparing((JsonNode o) -> String.valueOf(K8s.namespace(o)))
                .thenComparing(o -> String.valueOf(K8s.name(o))));
        int from = Math.min(offset, items.size());
        int to = limit <= 0 ? items.size() : Math.min(items.size(), from + limit);
        ArrayNode pageItems = list.putArray("items");
        items.subList(from, to).forEach(pageItems::add);
        ObjectNode metadata = list.has("metadata") && list.get("metadata").isObject()
                ? (ObjectNode) list.get("metadata") : list.putObject("metadata");
        if (to < items.size()) {
            metadata.put("continue", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8)));
            metadata.put("remainingItemCount", items.size() - to);
        } else {
            metadata.remove("continue");
            metadata.remove("remainingItemCount");
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(list.toString());
    }

    // ---- logs ----

    private MockResponse serveLog(String namespace, String podName, Map<String, String> query) {
        MockResponse found = handleGet("/api/v1/namespaces/" + namespace + "/pods/" + podName);
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

    // ---- helpers ----

    private static String logKey(String namespace, String pod, String container, boolean previous) {
        return namespace + "/" + pod + "/" + container + (previous ? "#previous" : "");
    }

    /** A Kubernetes {@code Status} response, as the API server writes errors. */
    static MockResponse status(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(s.toString());
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) return out;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(k, v);
        }
        return out;
    }

    private static String toQuery(Map<String, String> query) {
        if (query.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("?");
        query.forEach((k, v) -> {
            if (sb.length() > 1) sb.append('&');
            sb.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
