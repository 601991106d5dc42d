package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a cluster snapshot in the formats kubectl writes: (a) the directory of
 * {@code kubectl cluster-info dump --all-namespaces --output-directory=DIR}, plus any kind added as
 * {@code kubectl get KIND -o json} prints it; (b) one JSON {@code List} file ({@code kubectl get ... -A -o json});
 * (c) YAML, one or more documents, each an object or a {@code List}. Secret values are removed on read (their
 * keys stay, analyzers need them) and log lines are redacted before anything else sees them.
 */
public final class SnapshotReader {

    private static final String LAST_APPLIED = DumpFile.LAST_APPLIED;
    /** Files are parsed on up to this many threads (never more than the machine has cores). */
    private static final int MAX_READERS = 4;

    /** File names of {@code kubectl cluster-info dump} and {@code kubectl get KIND -o json}, to kinds. */
    static final Map<String, String> KIND_OF_FILE = Map.ofEntries(
            Map.entry("pods", "Pod"), Map.entry("events", "Event"), Map.entry("deployments", "Deployment"),
            Map.entry("replicasets", "ReplicaSet"), Map.entry("services", "Service"),
            Map.entry("daemonsets", "DaemonSet"), Map.entry("replication-controllers", "ReplicationController"),
            Map.entry("replicationcontrollers", "ReplicationController"), Map.entry("nodes", "Node"),
            Map.entry("configmaps", "ConfigMap"), Map.entry("secrets", "Secret"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"),
            Map.entry("persistentvolumes", "PersistentVolume"), Map.entry("ingresses", "Ingress"),
            Map.entry("jobs", "Job"), Map.entry("cronjobs", "CronJob"),
            Map.entry("horizontalpodautoscalers", "HorizontalPodAutoscaler"), Map.entry("statefulsets", "StatefulSet"),
            Map.entry("networkpolicies", "NetworkPolicy"), Map.entry("resourcequotas", "ResourceQuota"),
            Map.entry("limitranges", "LimitRange"), Map.entry("poddisruptionbudgets", "PodDisruptionBudget"),
            Map.entry("endpoints", "Endpoints"), Map.entry("endpointslices", "EndpointSlice"),
            Map.entry("serviceaccounts", "ServiceAccount"), Map.entry("roles", "Role"),
            Map.entry("rolebindings", "RoleBinding"), Map.entry("clusterroles", "ClusterRole"),
            Map.entry("clusterrolebindings", "ClusterRoleBinding"), Map.entry("storageclasses", "StorageClass"),
            Map.entry("ingressclasses", "IngressClass"), Map.entry("namespaces", "Namespace"),
            Map.entry("priorityclasses", "PriorityClass"));

    private SnapshotReader() {
    }

    /**
     * Reads a dump directory or a JSON/YAML file.
     *
     * @throws SnapshotException when the path cannot be read at all or a single file is not Kubernetes JSON/YAML;
     *                           inside a directory, broken files become {@link ClusterSnapshot#warnings()}
     */
    public static ClusterSnapshot read(Path path) {
        return read(path, Math.min(MAX_READERS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Reads a dump directory or a JSON/YAML file, parsing a directory's files on at most {@code threads} threads
     * (1: all on the calling thread). The snapshot is the same whatever the number.
     */
    public static ClusterSnapshot read(Path path, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        if (!Files.exists(path)) {
            throw new SnapshotException(path + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new SnapshotException(path + ": not readable (check permissions)");
        }
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", path.toString()));
        List<LogFile.Part> rawLogs = new ArrayList<>();
        List<String> secretValues = new ArrayList<>();
        if (Files.isDirectory(path)) {
            readDirectory(path, threads, b, rawLogs, secretValues);
        } else {
            int added = apply(DumpFile.read(path, null, path + ": "), null, b, secretValues);
            if (added == 0) {
                throw new SnapshotException(path + ": holds no Kubernetes objects");
            }
        }
        // the Secrets' values are known only now: each line is redacted when it is read
        LogRedactor redactor = LogRedactor.withSecretValues(secretValues);
        for (LogFile.Part p : rawLogs) {
            b.addLog(p.namespace(), p.pod(), p.container(), LogText.of(p.bytes(), p.from(), p.to(), redactor));
        }
        return b.build();
    }

    private static void readDirectory(Path dir, int threads, ClusterSnapshot.Builder b, List<LogFile.Part> logs,
                                      List<String> secretValues) {
        List<Path> files;
        // the walk's own attributes say what is a file: one stat per entry, not two (a dump has one folder per pod)
        try (Stream<Path> walk = Files.find(dir, Integer.MAX_VALUE, (p, attributes) -> attributes.isRegularFile())) {
            files = walk.sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException(dir + ": cannot list files: " + e.getMessage(), e);
        }
        List<Path> data = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("logs.txt")) {
                try {
                    logs.addAll(LogFile.read(f));
                } catch (IOException | UncheckedIOException e) {
                    b.warn(new SnapshotWarning(dir.relativize(f).toString(), "cannot read: " + e.getMessage()));
                }
            } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                data.add(f);
            }
        }
        // each file is parsed on its own (in parallel where there are cores), then added in file order
        List<CompletableFuture<List<DumpFile.Item>>> parsed = parseAll(dir, data, threads);
        int objects = 0;
        for (int i = 0; i < data.size(); i++) {
            Path f = data.get(i);
            try {
                objects += apply(items(parsed.get(i)), namespaceDir(dir, f), b, secretValues);
            } catch (SnapshotException e) {
                b.warn(new SnapshotWarning(dir.relativize(f).toString(), e.getMessage()));
            } catch (UncheckedIOException e) {
                b.warn(new SnapshotWarning(dir.relativize(f).toString(), "cannot read: " + e.getCause().getMessage()));
            }
        }
        if (objects == 0) {
            throw new SnapshotException(dir + ": no Kubernetes JSON or YAML files found (expected the layout of"
                    + " 'kubectl cluster-info dump --all-namespaces --output-directory=DIR')");
        }
    }

    private static String namespaceDir(Path dir, Path f) {
        Path parent = dir.relativize(f).getParent();
        return parent == null ? null : parent.getFileName().toString();
    }

    /**
     * Parses the files on up to {@code maxThreads} threads (a few small files on the calling thread) and waits for
     * all of them, so no reader thread outlives the read; each future holds a file's objects or its failure.
     */
    private static List<CompletableFuture<List<DumpFile.Item>>> parseAll(Path dir, List<Path> files, int maxThreads) {
        long bytes = 0;
        for (Path f : files) bytes += f.toFile().length();
        int threads = Math.min(maxThreads, files.size());
        ExecutorService pool = threads < 2 || bytes < 1 << 20 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "aiops-snapshot-reader");
            t.setDaemon(true);
            return t;
        });
        Executor executor = pool == null ? Runnable::run : pool;
        try {
            List<CompletableFuture<List<DumpFile.Item>>> out = new ArrayList<>(files.size());
            for (Path f : files) {
                out.add(CompletableFuture.supplyAsync(() -> DumpFile.read(f, namespaceDir(dir, f), ""), executor));
            }
            CompletableFuture.allOf(out.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            return out;
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    /** The objects of a parsed file, or the exception its parsing threw. */
    private static List<DumpFile.Item> items(CompletableFuture<List<DumpFile.Item>> parsed) {
        try {
            return parsed.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Adds the objects of one file; returns how many. */
    private static int apply(List<DumpFile.Item> items, String namespaceDir, ClusterSnapshot.Builder b,
                             List<String> secretValues) {
        int added = 0;
        for (DumpFile.Item o : items) {
            if (!o.streamed) {
                if (add(o.node, o.kind, namespaceDir, b, secretValues)) added++;
                continue;
            }
            if (o.kind == null || !o.named) continue;
            if (o.namespace == null && namespaceDir != null && isNamespaced(o.kind)) {
                // its kind came after its metadata, so the namespace could not be written while streaming
                add(o.node, null, namespaceDir, b, secretValues);
            } else {
                if (o.kind.equals("Secret")) stripSecretValues(o.node, secretValues);
                b.add(o.node, o.kind, o.namespace);
            }
            added++;
        }
        return added;
    }

    private static boolean add(ObjectNode o, String defaultKind, String namespaceDir, ClusterSnapshot.Builder b,
                               List<String> secretValues) {
        if (!o.has("kind") && defaultKind != null) {
            o.put("kind", defaultKind);
        }
        if (K8s.kind(o) == null || K8s.name(o) == null) {
            return false;
        }
        if (K8s.namespace(o) == null && namespaceDir != null && o.path("metadata").isObject()
                && isNamespaced(K8s.kind(o))) {
            ((ObjectNode) o.get("metadata")).put("namespace", namespaceDir);
        }
        if ("Secret".equals(K8s.kind(o))) {
            stripSecretValues(o, secretValues);
        }
        dropBulk(o);
        b.add(o);
        return true;
    }

    /** managedFields and the last-applied annotation are often most of an object's size, and no analyzer reads them. */
    private static void dropBulk(ObjectNode o) {
        // removing only what is there, so that objects streamed onto a tape (which skipped both) are not copied off it
        JsonNode metadata = o.get("metadata");
        if (metadata instanceof ObjectNode m) {
            if (m.has("managedFields")) m.remove("managedFields");
            if (m.get("annotations") instanceof ObjectNode a && a.has(LAST_APPLIED)) a.remove(LAST_APPLIED);
        }
    }

    static boolean isNamespaced(String kind) {
        return switch (kind) {
            case "Node", "Namespace", "PersistentVolume", "StorageClass", "IngressClass", "ClusterRole",
                    "ClusterRoleBinding", "PriorityClass" -> false;
            default -> true;
        };
    }

    /** Keeps the keys of a Secret, drops the values, and remembers the decoded values for log redaction. */
    static void stripSecretValues(ObjectNode secret, List<String> secretValues) {
        for (String field : new String[] {"data", "stringData"}) {
            JsonNode data = secret.get(field);
            if (data == null || !data.isObject()) continue;
            ObjectNode masked = secret.putObject(field);
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                String value = e.getValue().asString("");
                if ("data".equals(field)) {
                    try {
                        value = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException notBase64) {
                        // keep the raw value for redaction
                    }
                }
                secretValues.add(value);
                masked.put(e.getKey(), LogRedactor.MASK);
            }
        }
        JsonNode annotations = secret.path("metadata").path("annotations");
        if (annotations.isObject()) {
            ((ObjectNode) annotations).remove(LAST_APPLIED);
        }
    }
}
