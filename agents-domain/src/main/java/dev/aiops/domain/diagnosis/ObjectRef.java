package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.K8s;
import tools.jackson.databind.JsonNode;

/** A Kubernetes object by kind, namespace (null when cluster-scoped) and name. */
public record ObjectRef(String kind, String namespace, String name) {

    public static ObjectRef of(JsonNode object) {
        return new ObjectRef(K8s.kind(object), K8s.namespace(object), K8s.name(object));
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
