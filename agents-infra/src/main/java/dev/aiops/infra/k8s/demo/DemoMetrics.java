package dev.aiops.infra.k8s.demo;

import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * metrics-server for the demo cluster: a {@code PodMetrics} ({@code metrics.k8s.io/v1beta1}, same name, namespace
 * and labels as its pod, {@code timestamp} the time it was made, {@code window} {@code 30s}) for every running pod
 * (phase Running, every container running), written as metrics-server writes them (CPU in nanocores, memory in
 * KiB). Pods that crash, wait or have ended have none. fabric8's CRUD store serves them at
 * {@code /apis/metrics.k8s.io/v1beta1[/namespaces/NS]/pods} with label selectors, as {@code kubectl top} reads them.
 *
 * <p>Usage is per container and does not depend on the pod (replicas report the same), so that a right-sizing
 * advice has something to say:
 * <table>
 *   <caption>usage of the seeded containers (requests / limits)</caption>
 *   <tr><th>container</th><th>CPU</th><th>memory</th><th>note</th></tr>
 *   <tr><td>web/frontend</td><td>11m (100m)</td><td>52Mi (128Mi / 256Mi)</td><td>well under its requests</td></tr>
 *   <tr><td>shop/cart</td><td>6m (100m)</td><td>41Mi (128Mi / 256Mi)</td><td>well under</td></tr>
 *   <tr><td>kube-system/coredns</td><td>3m (100m)</td><td>18Mi (70Mi / 500Mi)</td><td>well under</td></tr>
 *   <tr><td>kube-system/kube-proxy</td><td>1m (100m)</td><td>21Mi (none)</td><td>well under</td></tr>
 *   <tr><td>shop/checkout</td><td>185m (200m)</td><td>478Mi (256Mi / 512Mi)</td><td>near its memory limit</td></tr>
 *   <tr><td>shop/cart-redis</td><td>5m (50m)</td><td>231Mi (64Mi / 256Mi)</td><td>near its memory limit</td></tr>
 *   <tr><td>shop/catalog</td><td>141m (150m)</td><td>300Mi (256Mi / 512Mi)</td><td>above its memory request</td></tr>
 *   <tr><td>ingress-nginx/ingress-nginx-controller</td><td>4m (100m)</td><td>96Mi (90Mi / none)</td><td></td></tr>
 * </table>
 * and, once fixed and running: payments/payments-api 120m / 210Mi, search/indexer 320m / 610Mi (its 512 MB heap),
 * billing/invoice-worker 35m / 160Mi, data/postgres 90m / 420Mi. A container not named here uses a share of its
 * requests fixed by its namespace and name (CPU 10 to 90 %, memory 30 to 110 %; 100m and 64Mi stand in for a
 * missing request). Memory never exceeds 95 % of the container's memory limit.
 */
final class DemoMetrics {

    static final String API = "/apis/metrics.k8s.io/v1beta1/namespaces/";
    static final String WINDOW = "30s";
    private static final long MI = 1024L * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** namespace/container: millicores, MiB. */
    private static final Map<String, long[]> USAGE = Map.ofEntries(
            Map.entry("web/frontend", new long[] {11, 52}),
            Map.entry("shop/cart", new long[] {6, 41}),
            Map.entry("kube-system/coredns", new long[] {3, 18}),
            Map.entry("kube-system/kube-proxy", new long[] {1, 21}),
            Map.entry("shop/checkout", new long[] {185, 478}),
            Map.entry("shop/cart-redis", new long[] {5, 231}),
            Map.entry("shop/catalog", new long[] {141, 300}),
            Map.entry("ingress-nginx/ingress-nginx-controller", new long[] {4, 96}),
            Map.entry("payments/payments-api", new long[] {120, 210}),
            Map.entry("search/indexer", new long[] {320, 610}),
            Map.entry("billing/invoice-worker", new long[] {35, 160}),
            Map.entry("data/postgres", new long[] {90, 420}));

    private DemoMetrics() {
    }

    /** Where the PodMetrics of {@code namespace} are created. */
    static String collection(String namespace) {
        return API + namespace + "/pods";
    }

    /** Publishes the PodMetrics of a pod just stored (replacing any of the same name), if it runs. */
    static void publish(DemoStore store, JsonNode pod, String now) {
        String ns = K8s.namespace(pod);
        if (ns == null || K8s.name(pod) == null) return;
        remove(store, ns, K8s.name(pod));
        ObjectNode metrics = of(pod, now);
        if (metrics != null) store.create(collection(ns), metrics);
    }

    /** Removes the PodMetrics of a pod that is gone. */
    static void remove(DemoStore store, String namespace, String pod) {
        store.delete(collection(namespace) + "/" + pod);
    }

    /** The PodMetrics metrics-server would publish for {@code pod} at {@code now}, or null if it reports none. */
    static ObjectNode of(JsonNode pod, String now) {
        if (!running(pod)) return null;
        String ns = K8s.namespace(pod);
        ObjectNode m = JSON.createObjectNode();
        m.put("apiVersion", "metrics.k8s.io/v1beta1");
        m.put("kind", "PodMetrics");
        ObjectNode meta = m.putObject("metadata");
        meta.put("name", K8s.name(pod));
        meta.put("namespace", ns);
        meta.put("creationTimestamp", now);
        JsonNode labels = pod.path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) meta.set("labels", labels.deepCopy());
        m.put("timestamp", now);
        m.put("window", WINDOW);
        var containers = m.putArray("containers");
        for (JsonNode c : pod.path("spec").path("containers")) {
            long[] usage = usage(ns, c);
            ObjectNode entry = containers.addObject();
            entry.put("name", K8s.text(c.get("name")));
            ObjectNode u = entry.putObject("usage");
            u.put("cpu", usage[0] * 1_000_000 + "n");
            u.put("memory", usage[1] / 1024 + "Ki");
        }
        return m;
    }

    /** Phase Running, not being deleted, and every container running. */
    static boolean running(JsonNode pod) {
        if (!"Running".equals(K8s.text(pod.path("status").get("phase")))
                || pod.path("metadata").has("deletionTimestamp")) {
            return false;
        }
        JsonNode containers = pod.path("spec").path("containers");
        if (!containers.isArray() || containers.isEmpty()) return false;
        for (JsonNode c : containers) {
            boolean running = false;
            for (JsonNode s : pod.path("status").path("containerStatuses")) {
                if (K8s.text(c.get("name")) != null && K8s.text(c.get("name")).equals(K8s.text(s.get("name")))) {
                    running = s.path("state").has("running");
                }
            }
            if (!running) return false;
        }
        return true;
    }

    /** Millicores and bytes used by {@code container} in {@code namespace}. */
    static long[] usage(String namespace, JsonNode container) {
        String name = String.valueOf(K8s.text(container.get("name")));
        JsonNode resources = container.path("resources");
        long[] known = USAGE.get(namespace + "/" + name);
        long millicores;
        long bytes;
        if (known != null) {
            millicores = known[0];
            bytes = known[1] * MI;
        } else {
            int h = DemoPods.fnv32a((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
            BigDecimal cpu = amount(resources, "cpu", BigDecimal.valueOf(0.1));
            BigDecimal memory = amount(resources, "memory", BigDecimal.valueOf(64 * MI));
            millicores = Math.max(1, Math.round(cpu.doubleValue() * 1000 * (0.10 + (h & 0xff) / 255.0 * 0.80)));
            bytes = Math.round(memory.doubleValue() * (0.30 + ((h >>> 8) & 0xff) / 255.0 * 0.80));
        }
        BigDecimal limit = quantity(resources.path("limits").get("memory"));
        if (limit != null) bytes = Math.min(bytes, Math.round(limit.doubleValue() * 0.95));
        return new long[] {millicores, bytes / 1024 * 1024};
    }

    /** The request of {@code resource}, else its limit, else {@code otherwise}. */
    private static BigDecimal amount(JsonNode resources, String resource, BigDecimal otherwise) {
        BigDecimal request = quantity(resources.path("requests").get(resource));
        if (request != null) return request;
        BigDecimal limit = quantity(resources.path("limits").get(resource));
        return limit != null ? limit : otherwise;
    }

    private static BigDecimal quantity(JsonNode value) {
        String text = K8s.text(value);
        if (text == null) return null;
        try {
            BigDecimal amount = new Quantity(text).getNumericalAmount();
            return amount.signum() > 0 ? amount : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
