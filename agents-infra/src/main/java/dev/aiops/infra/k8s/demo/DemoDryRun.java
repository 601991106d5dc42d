package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.json;
import static dev.aiops.infra.k8s.demo.DemoApiDispatcher.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudPersistence;
import io.fabric8.kubernetes.client.server.mock.crud.PatchHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/** Server-side dry run ({@code dryRun=All}) for {@link DemoApiDispatcher}: the answer a write would get. */
final class DemoDryRun {

    private final DemoApiDispatcher api;
    /** The last resource version handed out, so that a dry run can say which one a write would get. */
    private final AtomicLong lastResourceVersion;

    DemoDryRun(DemoApiDispatcher api, AtomicLong lastResourceVersion) {
        this.api = api;
        this.lastResourceVersion = lastResourceVersion;
    }

    /**
     * What the write would answer, computed by the CRUD handlers on a store that keeps nothing; a delete answers
     * with the object as it is.
     */
    MockResponse dryRun(RecordedRequest request, String method, String path) {
        if ("DELETE".equals(method)) {
            MockResponse found = api.handleGet(path);
            if (found.code() != 200) return status(404, "NotFound", "not found: " + path);
            return json(200, new String(found.getBody().getBytes(), StandardCharsets.UTF_8));
        }
        KubernetesCrudPersistence dry = new DryRunStore();
        KubernetesCrudDispatcherHandler handler = switch (method) {
            case "POST" -> new PostHandler((KubernetesAttributesExtractor) api.getAttributeExtractor(), dry);
            case "PUT" -> new PutHandler(dry);
            case "PATCH" -> new PatchHandler(dry);
            default -> null;
        };
        if (handler == null) return status(405, "MethodNotAllowed", method + " is not supported");
        try {
            return handler.handle(request);
        } catch (KubernetesCrudDispatcherException e) {
            return new MockResponse().setResponseCode(e.getCode()).setHeader("Content-Type", "application/json")
                    .setBody(e.toStatusBody());
        }
    }

    /** The CRUD store as the handlers see it, except that nothing is stored and no resource version is used. */
    private final class DryRunStore implements KubernetesCrudPersistence {
        @Override
        public long requestResourceVersion() {
            return lastResourceVersion.get() + 1;
        }

        @Override
        public AttributeSet getKey(String path) {
            return api.getKey(path);
        }

        @Override
        public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
            return api.findResource(attributes);
        }

        @Override
        public boolean isStatusSubresourceEnabledForResource(String path) {
            return api.isStatusSubresourceEnabledForResource(path);
        }

        @Override
        public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                                 GenericKubernetesResource resource, String newState) {
            // a dry run stores nothing
        }

        @Override
        public void preserveMetadata(JsonNode currentResource, JsonNode updatedResource) {
            api.preserveMetadata(currentResource, updatedResource);
        }

        @Override
        public void touchGeneration(JsonNode currentResource, JsonNode updatedResource) {
            api.touchGeneration(currentResource, updatedResource);
        }

        @Override
        public void reset() {
            // nothing to reset
        }
    }
}
