package dev.aiops.infra.k8s;

import java.util.List;

/**
 * One Kubernetes resource type as the API server serves it: where it lives (group and version), its plural
 * path segment, and whether its objects belong to a namespace.
 *
 * @param kind       the object kind, e.g. {@code Deployment}
 * @param group      the API group, empty for the core group
 * @param version    the API version inside the group, e.g. {@code v1}
 * @param plural     the resource name in URLs and RBAC rules, e.g. {@code deployments}
 * @param namespaced whether objects of this kind live in a namespace
 * @param workload   whether a label selector given for the read applies to this kind (pods and their controllers)
 */
public record ApiResource(String kind, String group, String version, String plural, boolean namespaced,
                          boolean workload) {

    /** The kinds a cluster diagnosis reads, in the order they are read and stored. */
    public static final List<ApiResource> DIAGNOSIS = List.of(
            core("Node", "nodes", false, false),
            core("Namespace", "namespaces", false, false),
            core("Pod", "pods", true, true),
            core("Event", "events", true, false),
            grouped("Deployment", "apps", "v1", "deployments", true, true),
            grouped("ReplicaSet", "apps", "v1", "replicasets", true, true),
            grouped("StatefulSet", "apps", "v1", "statefulsets", true, true),
            grouped("DaemonSet", "apps", "v1", "daemonsets", true, true),
            grouped("Job", "batch", "v1", "jobs", true, true),
            grouped("CronJob", "batch", "v1", "cronjobs", true, true),
            core("Service", "services", true, false),
            core("Endpoints", "endpoints", true, false),
            grouped("Ingress", "networking.k8s.io", "v1", "ingresses", true, false),
            grouped("IngressClass", "networking.k8s.io", "v1", "ingressclasses", false, false),
            core("ConfigMap", "configmaps", true, false),
            core("Secret", "secrets", true, false),
            core("PersistentVolumeClaim", "persistentvolumeclaims", true, false),
            core("PersistentVolume", "persistentvolumes", false, false),
            grouped("StorageClass", "storage.k8s.io", "v1", "storageclasses", false, false),
            grouped("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true, false),
            grouped("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true, false),
            grouped("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true, false),
            core("ResourceQuota", "resourcequotas", true, false),
            core("LimitRange", "limitranges", true, false),
            core("ServiceAccount", "serviceaccounts", true, false),
            grouped("Role", "rbac.authorization.k8s.io", "v1", "roles", true, false),
            grouped("RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings", true, false));

    private static ApiResource core(String kind, String plural, boolean namespaced, boolean workload) {
        return new ApiResource(kind, "", "v1", plural, namespaced, workload);
    }

    private static ApiResource grouped(String kind, String group, String version, String plural, boolean namespaced,
                                       boolean workload) {
        return new ApiResource(kind, group, version, plural, namespaced, workload);
    }

    /** The resource of {@code kind} among {@link #DIAGNOSIS}, or null. */
    public static ApiResource forKind(String kind) {
        for (ApiResource r : DIAGNOSIS) {
            if (r.kind.equals(kind)) return r;
        }
        return null;
    }

    /** The resource whose plural is {@code plural} ({@code deployments}) among {@link #DIAGNOSIS}, or null. */
    public static ApiResource forPlural(String plural) {
        for (ApiResource r : DIAGNOSIS) {
            if (r.plural.equals(plural)) return r;
        }
        return null;
    }

    /** {@code v1} for the core group, {@code group/version} otherwise, as objects carry it. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The collection path, e.g. {@code /apis/apps/v1/namespaces/shop/deployments}; all namespaces when null. */
    public String path(String namespace) {
        String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return base + (namespaced && namespace != null ? "/namespaces/" + namespace : "") + "/" + plural;
    }

    /** The name RBAC rules and kubectl use, e.g. {@code deployments.apps}, {@code pods}. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
