package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.infra.k8s.K8s;
import tools.jackson.databind.JsonNode;

/**
 * Resolves a host a workload failed to reach ({@code payments-db}, {@code api.shop}, an in-cluster DNS name or a
 * ClusterIP) to the Service it means, and says what is wrong with that Service: missing, no ready endpoints, or
 * cut off by a NetworkPolicy.
 */
final class Dependencies {

    /** The Service a host names (null when it names none) and a note on its state ("" when none). */
    record Target(ObjectRef service, String note) {
    }

    private Dependencies() {
    }

    static Target resolve(ClusterIndex index, String fromNamespace, String host) {
        if (host == null) return new Target(null, "");
        if (host.matches("[0-9.]+")) {
            JsonNode svc = index.serviceWithClusterIp(host);
            if (svc == null) return new Target(null, "");
            ObjectRef ref = ObjectRef.of(svc);
            return new Target(ref, " (" + host + " is Service " + ref.namespace() + "/" + ref.name() + ")"
                    + state(index, svc));
        }
        String[] parts = host.split("\\.");
        String name = parts[0];
        String ns = fromNamespace;
        int svcIndex = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("svc")) svcIndex = i;
        }
        if (svcIndex >= 2) {
            name = parts[svcIndex - 2];
            ns = parts[svcIndex - 1];
        } else if (parts.length == 2) {
            ns = parts[1];
        } else if (parts.length > 2) {
            return new Target(null, ""); // an outside host name
        }
        JsonNode svc = index.get("Service", ns, name);
        ObjectRef ref = new ObjectRef("Service", ns, name);
        if (svc == null) {
            return index.objects("Service").isEmpty() ? new Target(null, "")
                    : new Target(ref, "; Service " + ns + "/" + name + " does not exist");
        }
        return new Target(ref, state(index, svc));
    }

    private static String state(ClusterIndex index, JsonNode svc) {
        String ns = K8s.namespace(svc);
        String name = K8s.name(svc);
        JsonNode ep = index.get("Endpoints", ns, name);
        if (ep != null) {
            boolean ready = false;
            for (JsonNode subset : ep.path("subsets")) {
                if (subset.path("addresses").size() > 0) ready = true;
            }
            if (!ready) return "; Service " + ns + "/" + name + " has no ready endpoints";
        }
        JsonNode selector = svc.path("spec").path("selector");
        for (JsonNode pod : index.podsMatching(ns, selector)) {
            for (JsonNode np : index.snapshot().objects("NetworkPolicy", ns)) {
                JsonNode spec = np.path("spec");
                boolean denyAll = spec.path("ingress").isEmpty() && spec.path("policyTypes").toString().contains("Ingress");
                if (denyAll && ClusterIndex.matchesSelector(pod.path("metadata").path("labels"), spec.path("podSelector"))) {
                    return "; NetworkPolicy " + ns + "/" + K8s.name(np) + " blocks all ingress to its pods";
                }
            }
            break;
        }
        return "";
    }
}
