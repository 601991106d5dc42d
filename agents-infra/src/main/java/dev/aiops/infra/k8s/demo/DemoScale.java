package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.body;
import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.json;
import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.status;

import dev.aiops.infra.k8s.K8s;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource of Deployments, StatefulSets and ReplicaSets for {@link DemoApiDispatcher}
 * (DaemonSets have none): reads and writes as autoscaling/v1 Scale, a write rolling out like any other.
 */
final class DemoScale {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoApiDispatcher api;
    /** Null when the dispatcher runs without controllers. */
    private final DemoControllers controllers;

    DemoScale(DemoApiDispatcher api, DemoControllers controllers) {
        this.api = api;
        this.controllers = controllers;
    }

    MockResponse get(String namespace, String plural, String name) {
        if ("daemonsets".equals(plural)) return notServed();
        JsonNode o = api.read("/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name);
        if (o == null) return status(404, "NotFound", plural + ".apps \"" + name + "\" not found");
        return json(200, scaleOf(o).toString());
    }

    MockResponse write(RecordedRequest request, String method, String namespace, String plural, String name,
                       boolean dryRun) {
        String path = "/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name;
        JsonNode before = api.read(path);
        if (before == null) return status(404, "NotFound", plural + ".apps \"" + name + "\" not found");
        ObjectNode scale = scaleOf(before);
        String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        JsonNode wanted;
        try {
            JsonNode in = JSON.readTree(body.isEmpty() ? "{}" : body);
            if ("PUT".equals(method)) {
                String version = K8s.text(in.path("metadata").get("resourceVersion"));
                if (version != null && !version.isEmpty()
                        && !version.equals(K8s.text(before.path("metadata").get("resourceVersion")))) {
                    return status(409, "Conflict", "Operation cannot be fulfilled on " + plural + ".apps \"" + name
                            + "\": the object has been modified; please apply your changes to the latest version"
                            + " and try again");
                }
                wanted = in;
            } else if ("PATCH".equals(method)) {
                String type = String.valueOf(request.getHeader("Content-Type"));
                wanted = type.contains("json-patch") ? JsonPatch.apply(in, scale.deepCopy())
                        : DemoPatches.merge(scale, in);
            } else {
                return status(405, "MethodNotAllowed", method + " is not supported on the scale subresource");
            }
        } catch (RuntimeException e) {
            return status(422, "Invalid", "invalid scale: " + e.getMessage());
        }
        JsonNode replicas = wanted.path("spec").get("replicas");
        if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            return status(422, "Invalid", "Scale.autoscaling \"" + name + "\" is invalid: spec.replicas: "
                    + "Invalid value: " + replicas + ": must be greater than or equal to 0");
        }
        if (dryRun) {
            ((ObjectNode) scale.get("spec")).put("replicas", replicas.asInt());
            return json(200, scale.toString());
        }
        ObjectNode updated = (ObjectNode) before.deepCopy();
        ((ObjectNode) updated.path("spec")).put("replicas", replicas.asInt());
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        MockResponse put = api.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, headers,
                new Buffer().writeUtf8(updated.toString())));
        if (put.code() / 100 != 2) return put;
        JsonNode after = body(put);
        if (controllers != null && !"replicasets".equals(plural) && DemoControllers.changed(before, after)) {
            controllers.reconcile(K8s.kind(after), namespace, name, before);
        }
        JsonNode now = api.read(path);
        return json(200, scaleOf(now == null ? after : now).toString());
    }

    static MockResponse notServed() {
        return status(404, "NotFound", "the server could not find the requested resource");
    }

    /** The autoscaling/v1 Scale of a Deployment, StatefulSet or ReplicaSet. */
    private static ObjectNode scaleOf(JsonNode o) {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "Scale");
        s.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            JsonNode v = o.path("metadata").get(field);
            if (v != null && !v.isNull()) meta.set(field, v.deepCopy());
        }
        JsonNode replicas = o.path("spec").get("replicas");
        s.putObject("spec").put("replicas", replicas == null || replicas.isNull() ? 1 : replicas.asInt());
        ObjectNode status = s.putObject("status");
        status.put("replicas", o.path("status").path("replicas").asInt(0));
        List<String> selector = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.path("spec").path("selector").path("matchLabels").properties()) {
            selector.add(e.getKey() + "=" + e.getValue().asString());
        }
        status.put("selector", String.join(",", selector));
        return s;
    }
}
