package dev.aiops.infra.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the state of a live cluster through the Kubernetes API into a {@link ClusterSnapshot}: every kind of
 * {@link ApiResource#DIAGNOSIS}, page by page ({@code limit}/{@code continue}), a bounded number of requests at a
 * time, then the recent logs of the pods that are not healthy. Read-only: it only lists objects and reads
 * {@code pods/log} (see {@code docs/rbac-read-only.yaml} for the ClusterRole it needs).
 *
 * <p>A kind the credentials may not list (403) or the server does not serve (404), and any log that cannot be
 * read, becomes a {@link SnapshotWarning}; the rest of the snapshot is still complete. Only a cluster that cannot
 * be reached at all, or that rejects the credentials for every request (401), is a {@link SnapshotException}.
 *
 * <p>Secrets keep their keys; their values are replaced by {@link LogRedactor#MASK} before anything else sees
 * them, and their decoded values are masked in every log line read. {@code metadata.managedFields} is dropped,
 * as {@code kubectl get -o json} does by default.
 */
public final class LiveClusterReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREVIOUS_SUFFIX = " (previous)";
    /** Bytes of one container log at most, so that one chatty container cannot fill the heap. */
    private static final long LOG_LIMIT_BYTES = 2L * 1024 * 1024;
    private static final int MAX_PAGES = 100_000;

    private LiveClusterReader() {
    }


    /** Reads with {@link LiveReadOptions#defaults()}. */
    public static ClusterSnapshot read(KubernetesClient client) {
        return read(client, LiveReadOptions.defaults());
    }

    /**
     * Reads the cluster the client points at.
     *
     * @throws SnapshotException when the API server cannot be reached or rejects the credentials outright
     */
    public static ClusterSnapshot read(KubernetesClient client, LiveReadOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        ClusterSnapshot.Source source = options.source() != null ? options.source()
                : new ClusterSnapshot.Source("live", contextName(client));
        ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrency(), new DaemonThreads());
        try {
            return new Reading(client, options, source, pool).run();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String contextName(KubernetesClient client) {
        NamedContext context = client.getConfiguration() == null ? null : client.getConfiguration().getCurrentContext();
        if (context != null && context.getName() != null && !context.getName().isBlank()) {
            return context.getName();
        }
        return String.valueOf(client.getMasterUrl());
    }

    /** The outcome of listing one kind: objects, or a warning, or a failure that may stop the whole read. */
    private record Listed(ApiResource resource, List<ObjectNode> items, SnapshotWarning warning, int httpCode,
                          Throwable failure) {
    }

    /** One container log to read. */
    private record LogRequest(String namespace, String pod, String container, boolean previous) {
        String storedName() {
            return previous ? container + PREVIOUS_SUFFIX : container;
        }

        String describe() {
            return "log of container " + container + (previous ? " (previous instance)" : "") + " of pod "
                    + namespace + "/" + pod;
        }
    }

    private record LogRead(LogRequest request, List<String> lines, SnapshotWarning warning) {
    }

    /** The state of one read. */
    private static final class Reading {
        private final KubernetesClient client;
        private final LiveReadOptions options;
        private final ClusterSnapshot.Source source;
        private final ExecutorService pool;

        Reading(KubernetesClient client, LiveReadOptions options, ClusterSnapshot.Source source, ExecutorService pool) {
            this.client = client;
            this.options = options;
            this.source = source;
            this.pool = pool;
        }

        ClusterSnapshot run() {
            List<Future<Listed>> futures = new ArrayList<>();
            for (ApiResource r : ApiResource.DIAGNOSIS) {
                futures.add(pool.submit(() -> list(r)));
            }
            List<Listed> listed = new ArrayList<>();
            for (Future<Listed> f : futures) {
                listed.add(await(f));
            }
            failIfNothingCouldBeRead(listed);

            ClusterSnapshot.Builder b = ClusterSnapshot.builder(source);
            List<String> secretValues = new ArrayList<>();
            List<JsonNode> pods = new ArrayList<>();
            for (Listed l : listed) {
                if (l.warning() != null) {
                    b.warn(l.warning());
                    continue;
                }
                for (ObjectNode o : l.items()) {
                    String kind = l.resource().kind();
                    if ("Namespace".equals(kind) && options.namespace() != null
                            && !options.namespace().equals(K8s.name(o))) {
                        continue;
                    }
                    if ("Secret".equals(kind)) SnapshotReader.stripSecretValues(o, secretValues);
                    if ("Pod".equals(kind)) pods.add(o);
                    b.add(o);
                }
            }
            if (options.logTailLines() > 0) {
                readLogs(pods, LogRedactor.withSecretValues(secretValues), b);
            }
            return b.build();
        }

        private Listed list(ApiResource r) {
            String ns = r.namespaced() ? options.namespace() : null;
            String selector = r.workload() ? options.labelSelector() : null;
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(r.group()).withVersion(r.version()).withPlural(r.plural()).withKind(r.kind())
                    .withNamespaced(r.namespaced()).build();
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>> op = client.genericKubernetesResources(context);
            Listable<GenericKubernetesResourceList> target = !r.namespaced() ? op
                    : ns == null ? op.inAnyNamespace() : op.inNamespace(ns);
            boolean restarted = false;
            List<ObjectNode> items = new ArrayList<>();
            String token = null;
            Set<String> seenTokens = new HashSet<>();
            try {
                for (int page = 0; page < MAX_PAGES; page++) {
                    ListOptions lo = new ListOptionsBuilder().withLimit((long) options.pageSize())
                            .withContinue(token).withLabelSelector(selector).build();
                    GenericKubernetesResourceList list;
                    try {
                        list = target.list(lo);
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == 410 && token != null && !restarted) {
                            // the continue token expired (the list took longer than etcd keeps revisions): start over
                            restarted = true;
                            items.clear();
                            seenTokens.clear();
                            token = null;
                            continue;
                        }
                        throw e;
                    }
                    for (GenericKubernetesResource item : list.getItems()) {
                        items.add(toNode(client.getKubernetesSerialization().asJson(item), r));
                    }
                    token = list.getMetadata() == null ? null : list.getMetadata().getContinue();
                    if (token == null || token.isEmpty()) {
                        return new Listed(r, items, null, 200, null);
                    }
                    if (!seenTokens.add(token)) {
                        return new Listed(r, items, new SnapshotWarning(r.path(ns), "list " + r.qualifiedPlural()
                                + ": the server returned the same continue token twice; kept the "
                                + items.size() + " objects read so far"), 200, null);
                    }
                }
                return new Listed(r, items, new SnapshotWarning(r.path(ns), "list " + r.qualifiedPlural()
                        + ": more than " + MAX_PAGES + " pages; kept the " + items.size() + " objects read so far"),
                        200, null);
            } catch (KubernetesClientException e) {
                return new Listed(r, List.of(), new SnapshotWarning(r.path(ns), describeListFailure(r, ns, e)),
                        e.getCode(), e.getCode() <= 0 ? e : null);
            } catch (RuntimeException e) {
                return new Listed(r, List.of(), new SnapshotWarning(r.path(ns), "list " + r.qualifiedPlural()
                        + " failed: " + e), 0, e);
            }
        }

        private static String describeListFailure(ApiResource r, String ns, KubernetesClientException e) {
            String what = "list " + r.qualifiedPlural() + (!r.namespaced() ? ""
                    : ns == null ? " in all namespaces" : " in namespace " + ns);
            String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : rootMessage(e);
            return switch (e.getCode()) {
                case 403 -> "forbidden: " + what + " (" + detail + ")";
                case 404 -> "not served: " + what + " (the API server does not serve " + r.apiVersion()
                        + " " + r.plural() + ")";
                case 401 -> "unauthorized: " + what + " (" + detail + ")";
                default -> "failed: " + what + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ": " : " (")
                        + detail + ")";
            };
        }

        private void failIfNothingCouldBeRead(List<Listed> listed) {
            boolean anyRead = listed.stream().anyMatch(l -> l.warning() == null);
            if (anyRead) return;
            if (listed.stream().allMatch(l -> l.httpCode() == 401)) {
                throw new SnapshotException(client.getMasterUrl() + ": the API server rejected the credentials"
                        + " (401 Unauthorized) for every request; check the kubeconfig context and token");
            }
            Listed unreachable = listed.stream().filter(l -> l.failure() != null).findFirst().orElse(null);
            if (unreachable != null && listed.stream().allMatch(l -> l.failure() != null)) {
                throw new SnapshotException(client.getMasterUrl() + ": cannot reach the API server: "
                        + rootMessage(unreachable.failure()), unreachable.failure());
            }
        }

        private static ObjectNode toNode(String json, ApiResource r) {
            JsonNode tree;
            try {
                tree = JSON.readTree(json);
            } catch (JacksonException e) {
                throw new IllegalStateException("cannot convert a " + r.kind() + " to JSON: " + e.getMessage(), e);
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("apiVersion", r.apiVersion());
            out.put("kind", r.kind());
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) out.set(e.getKey(), e.getValue());
            }
            JsonNode metadata = out.get("metadata");
            if (metadata instanceof ObjectNode m) m.remove("managedFields");
            return out;
        }

        // ---- logs ----

        private void readLogs(List<JsonNode> pods, LogRedactor redactor, ClusterSnapshot.Builder b) {
            List<LogRequest> requests = new ArrayList<>();
            int unhealthy = 0;
            for (JsonNode pod : pods) {
                if (!PodHealth.needsLogs(pod)) continue;
                unhealthy++;
                if (unhealthy > options.maxPodsWithLogs()) continue;
                for (PodHealth.ContainerLog c : PodHealth.logsToRead(pod)) {
                    requests.add(new LogRequest(K8s.namespace(pod), K8s.name(pod), c.container(), false));
                    if (c.previous()) {
                        requests.add(new LogRequest(K8s.namespace(pod), K8s.name(pod), c.container(), true));
                    }
                }
            }
            if (unhealthy > options.maxPodsWithLogs()) {
                b.warn(new SnapshotWarning("pods/log", "read the logs of " + options.maxPodsWithLogs() + " of "
                        + unhealthy + " unhealthy pods (raise maxPodsWithLogs to read more)"));
            }
            List<Future<LogRead>> futures = new ArrayList<>();
            for (LogRequest req : requests) {
                futures.add(pool.submit((Callable<LogRead>) () -> readLog(req)));
            }
            for (Future<LogRead> f : futures) {
                LogRead read = await(f);
                if (read.warning() != null) {
                    b.warn(read.warning());
                } else {
                    LogRequest req = read.request();
                    b.addLogs(req.namespace(), req.pod(), req.storedName(), redactor.redactAll(read.lines(), null));
                }
            }
        }

        private LogRead readLog(LogRequest req) {
            String url = logUrl(req);
            String location = "/api/v1/namespaces/" + req.namespace() + "/pods/" + req.pod() + "/log?container="
                    + req.container() + (req.previous() ? "&previous=true" : "");
            HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder().uri(url).timeout(requestTimeoutMs(), TimeUnit.MILLISECONDS)
                    .build();
            try {
                HttpResponse<String> response = http.sendAsync(request, String.class)
                        .get(requestTimeoutMs() + 5_000L, TimeUnit.MILLISECONDS);
                if (response.code() != 200) {
                    return new LogRead(req, List.of(), new SnapshotWarning(location, "cannot read the " + req.describe()
                            + ": HTTP " + response.code() + (response.code() == 403 ? " forbidden" : "") + ": "
                            + statusMessage(response.body())));
                }
                return new LogRead(req, lines(response.body()), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new LogRead(req, List.of(), new SnapshotWarning(location, "interrupted while reading the "
                        + req.describe()));
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                return new LogRead(req, List.of(), new SnapshotWarning(location, "cannot read the " + req.describe()
                        + ": " + rootMessage(e)));
            }
        }

        private String logUrl(LogRequest req) {
            String base = String.valueOf(client.getMasterUrl());
            if (!base.endsWith("/")) base += "/";
            return base + "api/v1/namespaces/" + enc(req.namespace()) + "/pods/" + enc(req.pod()) + "/log?container="
                    + enc(req.container()) + "&tailLines=" + options.logTailLines() + "&limitBytes=" + LOG_LIMIT_BYTES
                    + (req.previous() ? "&previous=true" : "");
        }

        private long requestTimeoutMs() {
            Integer t = client.getConfiguration() == null ? null : client.getConfiguration().getRequestTimeout();
            return t == null || t <= 0 ? 30_000L : t;
        }

        private <T> T await(Future<T> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException("interrupted while reading " + source.name(), e);
            } catch (ExecutionException e) {
                throw new SnapshotException("reading " + source.name() + " failed: " + rootMessage(e), e.getCause());
            }
        }
    }

    /** The lines of a log body, without the empty string after the final newline. */
    static List<String> lines(String body) {
        if (body == null || body.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(List.of(body.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** The message of a Kubernetes {@code Status} body, else the body itself, shortened. */
    private static String statusMessage(String body) {
        if (body == null || body.isBlank()) return "(no message)";
        try {
            JsonNode status = JSON.readTree(body);
            String message = K8s.text(status.get("message"));
            if (message != null) return message;
        } catch (JacksonException notJson) {
            // plain text
        }
        String s = body.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        if (root instanceof IOException && m == null) return root.getClass().getSimpleName();
        return m == null ? root.toString() : m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "live-cluster-reader-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
