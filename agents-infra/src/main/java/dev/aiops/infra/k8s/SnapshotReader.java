package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>Only regular files are read, each up to the sizes of {@link ReadLimits}; an object with a field of the wrong type
 * or out of range (see {@link FieldTypes}) is left out with a warning naming its file, the object and the field.
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
        return read(path, ReadLimits.defaults());
    }

    /** Reads a dump directory or a JSON/YAML file, no more of it than {@code limits} allow. */
    public static ClusterSnapshot read(Path path, ReadLimits limits) {
        return read(path, Math.min(MAX_READERS, Runtime.getRuntime().availableProcessors()), limits);
    }

    /**
     * Reads a dump directory or a JSON/YAML file, parsing a directory's files on at most {@code threads} threads
     * (1: all on the calling thread). The snapshot is the same whatever the number.
     */
    public static ClusterSnapshot read(Path path, int threads) {
        return read(path, threads, ReadLimits.defaults());
    }

    private static ClusterSnapshot read(Path path, int threads, ReadLimits limits) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        if (!Files.exists(path)) {
            throw new SnapshotException(path + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new SnapshotException(path + ": not readable (check permissions)");
        }
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", path.toString()));
        Map<String, Map<String, List<String>>> rawLogs = new LinkedHashMap<>();
        List<String> secretValues = new ArrayList<>();
        if (Files.isDirectory(path)) {
            readDirectory(path, threads, limits, b, rawLogs, secretValues);
            PreviousLogs.read(path, b, rawLogs, limits);
        } else {
            List<DumpFile.Item> items;
            try {
                items = DumpFile.read(path, null, path + ": ", limits);
            } catch (UncheckedIOException e) {
                throw new SnapshotException(path + ": cannot read: " + e.getCause().getMessage(), e);
            }
            int added = apply(items, null, b, secretValues, path.toString());
            if (added == 0) {
                throw new SnapshotException(path + ": holds no Kubernetes objects");
            }
        }
        LogRedactor redactor = LogRedactor.withSecretValues(secretValues);
        rawLogs.forEach((pod, containers) -> {
            String[] nsName = pod.split("/", 2);
            containers.forEach((c, lines) -> b.addLogs(nsName[0], nsName[1], c, redactor.redactAll(lines, null)));
        });
        return b.build();
    }

    private static void readDirectory(Path dir, int threads, ReadLimits limits, ClusterSnapshot.Builder b,
                                      Map<String, Map<String, List<String>>> logs, List<String> secretValues) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> !Files.isDirectory(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException(dir + ": cannot list files: " + e.getMessage(), e);
        }
        List<Path> data = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            boolean isData = name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
            if (!isData && !name.equals("logs.txt")) continue;
            String where = dir.relativize(f).toString();
            if (!Files.isRegularFile(f)) {
                // reading a FIFO blocks until something writes to it, a device may never end
                b.warn(new SnapshotWarning(where, "not a regular file (a FIFO, device, socket or broken link); file"
                        + " skipped"));
            } else if (isData) {
                data.add(f);
            } else {
                try {
                    LogFile.read(f, limits.maxLogBytes(), logs).forEach(note -> b.warn(new SnapshotWarning(where, note)));
                } catch (IOException | UncheckedIOException e) {
                    b.warn(new SnapshotWarning(where, "cannot read: " + e.getMessage() + "; file skipped"));
                }
            }
        }
        // each file is parsed on its own (in parallel where there are cores), then added in file order
        List<CompletableFuture<List<DumpFile.Item>>> parsed = parseAll(dir, data, threads, limits);
        int objects = 0;
        for (int i = 0; i < data.size(); i++) {
            Path f = data.get(i);
            String where = dir.relativize(f).toString();
            try {
                objects += apply(items(parsed.get(i)), namespaceDir(dir, f), b, secretValues, where);
            } catch (SnapshotException e) {
                b.warn(new SnapshotWarning(where, e.getMessage() + "; file skipped"));
            } catch (UncheckedIOException e) {
                b.warn(new SnapshotWarning(where, "cannot read: " + e.getCause().getMessage() + "; file skipped"));
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
    private static List<CompletableFuture<List<DumpFile.Item>>> parseAll(Path dir, List<Path> files, int maxThreads,
                                                                         ReadLimits limits) {
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
                out.add(CompletableFuture.supplyAsync(() -> DumpFile.read(f, namespaceDir(dir, f), "", limits),
                        executor));
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

    /**
     * Adds the objects of one file; returns how many. An object that is not whole (no kind or name) or has a field
     * of the wrong type is left out with a warning at {@code location}, the file.
     */
    static int apply(List<DumpFile.Item> items, String namespaceDir, ClusterSnapshot.Builder b,
                     List<String> secretValues, String location) {
        int added = 0;
        for (DumpFile.Item o : items) {
            String problem = problem(o);
            if (problem != null) {
                b.warn(new SnapshotWarning(location, problem + "; object skipped"));
                continue;
            }
            if (!o.streamed) {
                add(o.node, o.kind, namespaceDir, b, secretValues);
                added++;
                continue;
            }
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

    /**
     * What makes an item unusable, starting with which object it is ({@code pod shop/web-1: /metadata/labels/app
     * is an array, expected a string}), or null. Checked before anything reads the item's fields.
     */
    private static String problem(DumpFile.Item o) {
        if (o.problem != null) return o.position() + " " + o.problem;
        JsonNode kindNode = o.node.get("kind");
        String kind = kindNode != null && kindNode.isString() ? kindNode.asString() : o.kind;
        String wrong = FieldTypes.violation(o.node, kind);
        if (wrong != null) {
            // the fields that name the object may be the wrong ones: read only what is a string
            JsonNode metadata = o.node.path("metadata");
            String name = stringOrNull(metadata.get("name"));
            if (name == null || kind == null) return o.position() + ": " + wrong;
            String ns = stringOrNull(metadata.get("namespace"));
            return kind.toLowerCase(Locale.ROOT) + " " + (ns == null ? "" : ns + "/") + name + ": " + wrong;
        }
        // checked, so a string or nothing
        String name = K8s.name(o.node);
        if (kind == null || kind.isEmpty()) {
            return o.position() + (name == null ? "" : " (" + name + ")") + " has no kind, and the file name does not"
                    + " say one";
        }
        if (name == null) return o.position() + " has no metadata.name";
        return null;
    }

    private static String stringOrNull(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }

    private static void add(ObjectNode o, String defaultKind, String namespaceDir, ClusterSnapshot.Builder b,
                            List<String> secretValues) {
        if (!o.has("kind") && defaultKind != null) {
            o.put("kind", defaultKind);
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
