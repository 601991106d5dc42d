package dev.aiops.infra.k8s.demo;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo cluster's objects as the simulated controllers read and write them: through the CRUD operations of
 * the dispatcher, which take its store's lock, so that clients reading meanwhile see whole objects and watchers
 * are told. Paths are API paths ({@code /apis/apps/v1/namespaces/web/replicasets}).
 */
final class DemoStore {

    static final String APPS = "/apis/apps/v1/namespaces/";
    static final String CORE = "/api/v1/namespaces/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoApiDispatcher api;

    DemoStore(DemoApiDispatcher api) {
        this.api = api;
    }

    /** Copies the container logs of one pod to another, as if it had written the same. */
    void copyLogs(String namespace, String from, String to) {
        api.copyLogs(namespace, from, to);
    }

    ObjectNode get(String path) {
        return parse(api.handleGet(path), 200);
    }

    List<ObjectNode> list(String path) {
        ObjectNode l = parse(api.handleGet(path), 200);
        List<ObjectNode> out = new ArrayList<>();
        if (l != null) {
            for (JsonNode item : l.path("items")) {
                if (item instanceof ObjectNode o) out.add(o);
            }
        }
        return out;
    }

    ObjectNode create(String collection, ObjectNode o) {
        MockResponse r = api.handleCreate(request(HttpMethod.POST, collection, o));
        ObjectNode created = parse(r, 201);
        if (created == null) {
            throw new IllegalStateException("demo controller: POST " + collection + " gave " + r.code());
        }
        return created;
    }

    ObjectNode replace(String path, ObjectNode o) {
        MockResponse r = api.handleUpdate(request(HttpMethod.PUT, path, o));
        ObjectNode replaced = parse(r, 200);
        if (replaced == null) throw new IllegalStateException("demo controller: PUT " + path + " gave " + r.code());
        return replaced;
    }

    void delete(String path) {
        api.handleDelete(path);
    }

    private static RecordedRequest request(HttpMethod method, String path, JsonNode body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers,
                new Buffer().writeUtf8(body.toString()));
    }

    private static ObjectNode parse(MockResponse r, int expected) {
        if (r.code() != expected || r.getBody() == null) return null;
        try {
            return JSON.readTree(new String(r.getBody().getBytes(), StandardCharsets.UTF_8)) instanceof ObjectNode o
                    ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
