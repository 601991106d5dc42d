package dev.aiops.infra.metrics;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the point-in-time usage that metrics-server publishes ({@code kubectl top pod}): the {@code PodMetrics}
 * of {@code metrics.k8s.io/v1beta1}, one {@link ContainerUsage} per container.
 *
 * <p>It lists {@code GET /apis/metrics.k8s.io/v1beta1[/namespaces/NS]/pods[?labelSelector=...]}, the request
 * {@code client.top().pods()} makes, through a generic resource so that any label selector the API server accepts
 * ({@code app=web,tier!=cache}, {@code env in (a,b)}) is passed as given, and so that a malformed object is reported
 * naming its pod rather than failing the whole list's deserialization.
 *
 * <p>What it answers:
 * <ul>
 *   <li>the API is served: the usage read, possibly none (no running pods, or a selector that matches none);</li>
 *   <li>{@code 404} (metrics-server is not installed, the {@code APIService} does not exist):
 *       {@link MetricsException.Kind#NOT_CONFIGURED}, not retryable;</li>
 *   <li>{@code 403}: {@link MetricsException.Kind#HTTP}, naming the permission to grant ({@code get} and
 *       {@code list} on {@code pods.metrics.k8s.io}); {@code 401}: {@code HTTP} as well;</li>
 *   <li>anything else (no connection, a 503 from an {@code APIService} that is registered but not answering, other
 *       statuses): {@link MetricsException.Kind#UNREACHABLE}, retryable unless the status is a 4xx other than
 *       429;</li>
 *   <li>a {@code PodMetrics} whose quantities, timestamp or window cannot be read:
 *       {@link MetricsException.Kind#BAD_RESPONSE}, naming the pod (and container).</li>
 * </ul>
 * An empty list is not taken as "not installed": only the 404 says that. fabric8's mock API server in CRUD mode
 * answers every collection it is asked for, so a mock with no {@code PodMetrics} reads as an installed
 * metrics-server with no pods, an empty list; the same mock in expectations mode answers 404, as a cluster without
 * metrics-server does.
 */
public final class MetricsServerReader {

    /** {@code metrics.k8s.io/v1beta1} {@code pods}, as metrics-server serves it (no discovery request needed). */
    static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withPlural("pods").withKind("PodMetrics")
            .withNamespaced(true).build();

    private MetricsServerReader() {
    }

    /**
     * The usage of every container that metrics-server reports, in the order the API lists the pods (the pause
     * container {@code POD}, which some runtimes report, left out).
     *
     * @param client              the cluster
     * @param namespaceOrNull     a namespace, or null (or blank) for all namespaces
     * @param labelSelectorOrNull a label selector for the pods, or null (or blank) for all
     * @throws MetricsException as the class describes
     */
    public static List<ContainerUsage> read(KubernetesClient client, String namespaceOrNull,
                                            String labelSelectorOrNull) throws MetricsException {
        String namespace = namespaceOrNull == null || namespaceOrNull.isBlank() ? null : namespaceOrNull.strip();
        GenericKubernetesResourceList list = list(client, namespace, labelSelectorOrNull);
        List<ContainerUsage> out = new ArrayList<>();
        for (GenericKubernetesResource item : list.getItems() == null ? List.<GenericKubernetesResource>of()
                : list.getItems()) {
            out.addAll(PodMetricsParser.parse(client.getKubernetesSerialization().convertValue(item, JsonNode.class)));
        }
        return out;
    }

    private static GenericKubernetesResourceList list(KubernetesClient client, String namespace, String selector)
            throws MetricsException {
        String where = namespace == null ? "in all namespaces" : "in namespace " + namespace;
        try {
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>> op = client.genericKubernetesResources(POD_METRICS);
            FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>> target = namespace == null ? op.inAnyNamespace()
                    : op.inNamespace(namespace);
            if (selector != null && !selector.isBlank()) target = target.withLabelSelector(selector.strip());
            return target.list();
        } catch (KubernetesClientException e) {
            throw translate(e, where, client.getMasterUrl() == null ? "" : client.getMasterUrl().toString());
        }
    }

    private static MetricsException translate(KubernetesClientException e, String where, String server) {
        int code = e.getCode();
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : rootMessage(e);
        return switch (code) {
            case 404 -> new MetricsException(MetricsException.Kind.NOT_CONFIGURED,
                    "metrics-server (metrics.k8s.io) is not installed in this cluster: the API server does not serve "
                            + "metrics.k8s.io/v1beta1 pods (404 listing pod metrics " + where
                            + "); install metrics-server, or configure Prometheus", false, e);
            case 403 -> new MetricsException(MetricsException.Kind.HTTP,
                    "forbidden (403): these credentials may not list pod metrics " + where + "; grant get and list on "
                            + "pods.metrics.k8s.io (apiGroups: [metrics.k8s.io], resources: [pods]): " + detail,
                    false, e);
            case 401 -> new MetricsException(MetricsException.Kind.HTTP,
                    "unauthorized (401): the API server rejected the credentials listing pod metrics " + where
                            + ": " + detail, false, e);
            default -> new MetricsException(MetricsException.Kind.UNREACHABLE,
                    "cannot read pod metrics " + where + " from metrics.k8s.io"
                            + (server.isEmpty() ? "" : " at " + server)
                            + (code > 0 ? " (HTTP " + code + "): " : ": ") + detail,
                    code <= 0 || code == 429 || code >= 500, e);
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
