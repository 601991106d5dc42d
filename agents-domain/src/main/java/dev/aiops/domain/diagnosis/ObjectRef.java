package dev.aiops.domain.diagnosis;

import dev.aiops.infra.k8s.K8s;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A Kubernetes object by kind, namespace (null when cluster-scoped) and name. */
public record ObjectRef(String kind, String namespace, String name) {

    public static ObjectRef of(JsonNode object) {
        return new ObjectRef(K8s.kind(object), K8s.namespace(object), K8s.name(object));
    }

    // written out: refs key the index's maps and are hashed for every event and pod
    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRef r && Objects.equals(name, r.name) && Objects.equals(namespace, r.namespace)
                && Objects.equals(kind, r.kind);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Objects.hashCode(kind) + Objects.hashCode(namespace)) + Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
