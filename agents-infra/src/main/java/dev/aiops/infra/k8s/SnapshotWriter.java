package dev.aiops.infra.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a snapshot in the layout {@code kubectl cluster-info dump --all-namespaces --output-directory} uses, so a
 * bundle can be handed over and read back by {@link SnapshotReader} (or by kubectl users): the kinds cluster-info
 * dump writes as typed lists ({@code PodList}, items without {@code kind}), other kinds as
 * {@code kubectl get KIND -o json} prints them, and pod logs in {@code <ns>/<pod>/logs.txt}. Secret values are
 * never written.
 */
public final class SnapshotWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Kinds cluster-info dump writes itself, as typed lists, with their file names. */
    private static final Map<String, String> DUMP_FILES = Map.of(
            "Pod", "pods", "Event", "events", "Deployment", "deployments", "ReplicaSet", "replicasets",
            "Service", "services", "DaemonSet", "daemonsets", "ReplicationController", "replication-controllers",
            "Node", "nodes");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Node", "Namespace", "PersistentVolume", "StorageClass",
            "IngressClass", "ClusterRole", "ClusterRoleBinding", "PriorityClass");

    private SnapshotWriter() {
    }

    /** Writes {@code snapshot} into {@code dir} (created if needed); returns the number of files written. */
    public static int write(ClusterSnapshot snapshot, Path dir) {
        try {
            Files.createDirectories(dir);
            int files = 0;
            for (String kind : snapshot.kinds()) {
                Map<String, List<JsonNode>> byNamespace = new TreeMap<>();
                for (JsonNode o : snapshot.objects(kind)) {
                    String ns = CLUSTER_SCOPED.contains(kind) ? "" : String.valueOf(K8s.namespace(o));
                    byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(o);
                }
                for (Map.Entry<String, List<JsonNode>> e : byNamespace.entrySet()) {
                    Path folder = e.getKey().isEmpty() ? dir : Files.createDirectories(dir.resolve(e.getKey()));
                    writeList(folder, kind, e.getValue());
                    files++;
                }
            }
            for (String ns : snapshot.namespaces()) {
                for (JsonNode pod : snapshot.objects("Pod", ns)) {
                    Map<String, List<String>> logs = snapshot.logs(ns, K8s.name(pod));
                    if (logs.isEmpty()) continue;
                    StringBuilder sb = new StringBuilder();
                    logs.forEach((container, lines) -> {
                        sb.append("==== START logs for container ").append(container.replace(' ', '_')).append(" of pod ")
                                .append(ns).append('/').append(K8s.name(pod)).append(" ====\n");
                        lines.forEach(l -> sb.append(l).append('\n'));
                        sb.append("==== END logs for container ").append(container.replace(' ', '_')).append(" of pod ")
                                .append(ns).append('/').append(K8s.name(pod)).append(" ====\n");
                    });
                    Path podDir = Files.createDirectories(dir.resolve(ns).resolve(K8s.name(pod)));
                    Files.writeString(podDir.resolve("logs.txt"), sb.toString(), StandardCharsets.UTF_8);
                    files++;
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeList(Path folder, String kind, List<JsonNode> objects) throws IOException {
        String dumpFile = DUMP_FILES.get(kind);
        ObjectNode list = JSON.createObjectNode();
        ArrayNode items;
        String file;
        if (dumpFile != null) {
            list.put("kind", kind + "List");
            list.put("apiVersion", objects.get(0).path("apiVersion").asString("v1"));
            list.putObject("metadata");
            items = list.putArray("items");
            for (JsonNode o : objects) {
                ObjectNode copy = ((ObjectNode) o).deepCopy();
                copy.remove("kind");
                items.add(copy);
            }
            file = dumpFile + ".json";
        } else {
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            items = list.putArray("items");
            for (JsonNode o : objects) {
                ObjectNode copy = ((ObjectNode) o).deepCopy();
                if (kind.equals("Secret")) scrub(copy);
                items.add(copy);
            }
            list.putObject("metadata").put("resourceVersion", "");
            file = plural(kind) + ".json";
        }
        Files.writeString(folder.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list),
                StandardCharsets.UTF_8);
    }

    private static void scrub(ObjectNode secret) {
        for (String field : new String[] {"data", "stringData"}) {
            JsonNode data = secret.get(field);
            if (data instanceof ObjectNode obj) {
                obj.propertyNames().forEach(k -> obj.put(k, LogRedactor.MASK));
            }
        }
    }

    /** The file name kubectl users know for a kind ({@code networkpolicies}), from the names the reader accepts. */
    static String plural(String kind) {
        String known = null;
        for (Map.Entry<String, String> e : SnapshotReader.KIND_OF_FILE.entrySet()) {
            if (e.getValue().equals(kind) && (known == null || !e.getKey().contains("-"))) known = e.getKey();
        }
        if (known != null) return known;
        String k = kind.toLowerCase();
        if (k.endsWith("s")) return k + "es";
        if (k.endsWith("y")) return k.substring(0, k.length() - 1) + "ies";
        return k + "s";
    }
}
