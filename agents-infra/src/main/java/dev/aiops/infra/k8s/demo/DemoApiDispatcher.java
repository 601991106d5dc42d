package dev.aiops.infra.k8s.demo;

import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudPersistence;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@code tailLines} and {@code limitBytes}, answered like the kubelet does), seeding objects exactly as given
 * (their uid, timestamps and status are kept, so that owner references hold), server-side dry run
 * ({@code dryRun=All} on any write: the answer the write would get, nothing stored), the {@code scale} subresource
 * of Deployments, StatefulSets and ReplicaSets, merge, strategic merge and apply patches ({@link DemoPatches}),
 * updates of objects that have no {@code metadata.generation}, and,
 * for the demo cluster, the workload controllers ({@link DemoControllers}: a changed Deployment, StatefulSet or
 * DaemonSet has rolled out by the time the write is answered). It also records every request path.
 */
public class DemoApiDispatcher extends KubernetesCrudDispatcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_RECORDED = 10_000;
    private static final Pattern LOG_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$");
    private static final Pattern COLLECTION = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/[^/]+$");
    /** apps/v1 objects in a namespace: plural, name, subresource. */
    private static final Pattern APPS_OBJECT = Pattern.compile("^/apis/apps/v1/namespaces/([^/]+)/"
            + "(deployments|statefulsets|daemonsets|replicasets)(?:/([^/]+))?(?:/([^/]+))?$");
    /** Services, created or changed: the endpoints controller follows. */
    private static final Pattern SERVICES = Pattern.compile("^/api/v1/namespaces/([^/]+)/services(?:/[^/]+)?$");
    /** Any namespaced or cluster object by name: the garbage collector looks at what was deleted. */
    private static final Pattern NAMED_OBJECT = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/[^/]+/[^/]+$");

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final DemoLogs logs = new DemoLogs(this);
    /** The most recent requests, oldest first; bounded so that a long-running demo does not grow without end. */
    private final ArrayDeque<String> requests = new ArrayDeque<>();
    /** Held by every write and what the controllers do after it, so that writes and dry runs see a stable store. */
    private final ReentrantLock writes = new ReentrantLock();
    /** The last resource version handed out, so that a dry run can say which one a write would get. */
    private final AtomicLong lastResourceVersion = new AtomicLong();
    /** The simulated controllers, or null when this serves as a plain store (as tests of other parts use it). */
    private final DemoControllers controllers;
    private final DemoScale scale;
    private final DemoDryRun dryRuns = new DemoDryRun(this, lastResourceVersion);

    /** A dispatcher without the controllers: objects are stored and served, and nothing acts on them. */
    public DemoApiDispatcher() {
        this(false);
    }

    /** With {@code controllers}, writes of workloads roll out as {@link DemoControllers} describes. */
    DemoApiDispatcher(boolean controllers) {
        this.controllers = controllers ? new DemoControllers(this, Instant::now) : null;
        this.scale = new DemoScale(this, this.controllers);
    }

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
        seedAt(resource.path(namespace), object);
    }

    /**
     * Stores an object as it is in the collection at {@code path} ({@code /apis/GROUP/VERSION/namespaces/NS/PLURAL}),
     * for kinds other than those of {@link ApiResource#DIAGNOSIS} ({@code PodMetrics}); as {@link #seed}, before the
     * server takes requests.
     */
    void seedAt(String path, JsonNode object) {
        String json = object.toString();
        GenericKubernetesResource parsed = serialization.unmarshal(json, GenericKubernetesResource.class);
        AttributeSet key = getKey(path).add(new Attribute("name", K8s.name(object)));
        processEvent(path, key, null, parsed, json);
    }

    /** The log of a container, served for {@code GET .../log}; {@code previous} for {@code ?previous=true}. */
    public void seedLog(String namespace, String pod, String container, boolean previous, String text) {
        logs.seed(namespace, pod, container, previous, text);
    }

    /** Copies the logs of the containers of pod {@code from} to pod {@code to}. */
    void copyLogs(String namespace, String from, String to) {
        logs.copy(namespace, from, to);
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
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : target.substring(q + 1));
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!"GET".equals(method)) {
            writes.lock();
            try {
                return write(request, method, path, query);
            } finally {
                writes.unlock();
            }
        }
        Matcher apps = APPS_OBJECT.matcher(path);
        if (apps.matches() && "scale".equals(apps.group(4))) {
            return scale.get(decode(apps.group(1)), apps.group(2), decode(apps.group(3)));
        }
        Matcher log = LOG_PATH.matcher(path);
        if (log.matches()) {
            return logs.serve(decode(log.group(1)), decode(log.group(2)), query);
        }
        if (query.containsKey("limit") && !"true".equals(query.get("watch")) && COLLECTION.matcher(path).matches()) {
            return page(path, query);
        }
        return super.dispatch(request);
    }

    // ---- writes: dry run (DemoDryRun), scale (DemoScale), controllers ----

    private MockResponse write(RecordedRequest request, String method, String path, Map<String, String> query) {
        String dryRun = query.get("dryRun");
        if (dryRun != null && !"All".equals(dryRun)) {
            return status(400, "BadRequest", "dryRun: Unsupported value: \"" + dryRun
                    + "\": supported values: \"All\"");
        }
        Matcher apps = APPS_OBJECT.matcher(path);
        boolean appsObject = apps.matches();
        String subresource = appsObject ? apps.group(4) : null;
        if (appsObject && "scale".equals(subresource)) {
            if ("daemonsets".equals(apps.group(2))) return DemoScale.notServed();
            return scale.write(request, method, decode(apps.group(1)), apps.group(2), decode(apps.group(3)),
                    dryRun != null);
        }
        if ("PATCH".equals(method)) {
            String type = String.valueOf(request.getHeader("Content-Type"));
            if (type.contains("merge-patch") || type.contains("apply-patch")) {
                Object rewritten = asUpdate(request, path, type);
                if (rewritten instanceof MockResponse error) return error;
                request = (RecordedRequest) rewritten;
                method = request.getMethod();
            }
        }
        if (dryRun != null) return dryRuns.dryRun(request, method, path);
        boolean workload = appsObject && subresource == null && !"replicasets".equals(apps.group(2));
        JsonNode before = workload && apps.group(3) != null ? read(path) : null;
        MockResponse response = super.dispatch(request);
        if (response.code() / 100 != 2 || controllers == null) return response;
        Matcher services = SERVICES.matcher(path);
        if ("DELETE".equals(method)) {
            if (NAMED_OBJECT.matcher(path).matches()) controllers.deleted(body(response));
        } else if (services.matches()) {
            controllers.endpoints(decode(services.group(1)));
        } else if (workload) {
            JsonNode after = body(response);
            if (DemoControllers.changed(before, after)) {
                controllers.reconcile(K8s.kind(after), K8s.namespace(after), K8s.name(after), before);
            }
        }
        return response;
    }

    /**
     * A merge, strategic merge or apply patch as the update (or, for an apply of an object that does not exist,
     * the create) it amounts to, computed here ({@link DemoPatches}) rather than by the CRUD handlers, which
     * append to arrays and reject the other two; or the error response.
     */
    private Object asUpdate(RecordedRequest request, String path, String contentType) {
        boolean apply = contentType.contains("apply-patch");
        String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        JsonNode patch;
        try {
            patch = apply ? JSON.readTree(serialization.asJson(serialization.unmarshal(body,
                    GenericKubernetesResource.class))) : JSON.readTree(body);
        } catch (RuntimeException e) {
            return status(400, "BadRequest", "the patch is not valid: " + e.getMessage());
        }
        if (patch == null || !patch.isObject()) return status(400, "BadRequest", "the patch is not a JSON object");
        boolean statusPath = path.endsWith("/status");
        JsonNode current = read(statusPath ? path.substring(0, path.length() - "/status".length()) : path);
        String target = request.getPath();
        Headers json = Headers.builder().add("Content-Type", "application/json").build();
        if (current == null) {
            int slash = path.lastIndexOf('/');
            if (!apply || statusPath || slash <= 0) return status(404, "NotFound", "not found: " + path);
            String query = target.indexOf('?') < 0 ? "" : target.substring(target.indexOf('?'));
            return new RecordedRequest("HTTP/1.1", HttpMethod.POST, path.substring(0, slash) + query, json,
                    new Buffer().writeUtf8(DemoPatches.strip(patch).toString()));
        }
        JsonNode updated = contentType.contains("strategic") || apply ? DemoPatches.strategic(current, patch)
                : DemoPatches.merge(current, patch);
        if (updated == null) return status(422, "Invalid", "the patch deletes the whole object");
        return new RecordedRequest("HTTP/1.1", HttpMethod.PUT, target, json,
                new Buffer().writeUtf8(updated.toString()));
    }

    @Override
    public long requestResourceVersion() {
        long v = super.requestResourceVersion();
        lastResourceVersion.set(v);
        return v;
    }

    /**
     * As the CRUD store does, but for objects stored without {@code metadata.generation} (Pods, Services,
     * Endpoints, ... as a real API server writes them; the CRUD store would fail with a NullPointerException):
     * they keep having none.
     */
    @Override
    public void preserveMetadata(JsonNode currentResource, JsonNode updatedResource) {
        if (!(currentResource.get("metadata") instanceof ObjectNode current)
                || !(updatedResource.get("metadata") instanceof ObjectNode updated)) {
            return;
        }
        for (String field : new String[] {"namespace", "uid", "creationTimestamp", "resourceVersion", "generation"}) {
            JsonNode v = current.get(field);
            if (v == null || v.isNull()) {
                updated.remove(field);
            } else {
                updated.set(field, v.deepCopy());
            }
        }
    }

    /** As the CRUD store does (+1 when more than metadata and status changed), for objects that have a generation. */
    @Override
    public void touchGeneration(JsonNode currentResource, JsonNode updatedResource) {
        JsonNode generation = currentResource.path("metadata").get("generation");
        if (generation == null || !generation.isNumber()) return;
        if (KubernetesCrudPersistence.shouldIncreaseGeneration(currentResource, updatedResource)) {
            ((ObjectNode) updatedResource.get("metadata")).put("generation", generation.asLong() + 1);
        }
    }

    /** The stored object at {@code path}, or null. */
    JsonNode read(String path) {
        MockResponse found = handleGet(path);
        return found.code() == 200 ? body(found) : null;
    }

    static JsonNode body(MockResponse response) {
        if (response.getBody() == null) return null;
        try {
            JsonNode n = JSON.readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
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

    // ---- helpers ----

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
