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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a cluster snapshot in the formats kubectl writes: (a) the directory of
 * {@code kubectl cluster-info dump --all-namespaces --output-directory=DIR}, plus any kind added as
 * {@code kubectl get KIND -o json} prints it; (b) one JSON {@code List} file ({@code kubectl get ... -A -o json});
 * (c) YAML, one or more documents, each an object or a {@code List}. Secret values are removed on read (their
 * keys stay, analyzers need them) and log lines are redacted before anything else sees them.
 */
public final class SnapshotReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final Pattern LOG_START = Pattern.compile("^==== START logs for container (\\S+) of pod ([^/\\s]+)/(\\S+) ====$");
    private static final Pattern LOG_END = Pattern.compile("^==== END logs for container .* ====$");

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
            readDirectory(path, b, rawLogs, secretValues);
        } else {
            int added = readFile(path, null, b, secretValues, true);
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

    private static void readDirectory(Path dir, ClusterSnapshot.Builder b, Map<String, Map<String, List<String>>> logs,
                                      List<String> secretValues) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException(dir + ": cannot list files: " + e.getMessage(), e);
        }
        int objects = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (name.equals("logs.txt")) {
                    readLogs(f, logs);
                } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    Path parent = dir.relativize(f).getParent();
                    objects += readFile(f, parent == null ? null : parent.getFileName().toString(), b, secretValues, false);
                }
            } catch (SnapshotException e) {
                b.warn(new SnapshotWarning(dir.relativize(f).toString(), e.getMessage()));
            } catch (IOException | UncheckedIOException e) {
                b.warn(new SnapshotWarning(dir.relativize(f).toString(), "cannot read: " + e.getMessage()));
            }
        }
        if (objects == 0) {
            throw new SnapshotException(dir + ": no Kubernetes JSON or YAML files found (expected the layout of"
                    + " 'kubectl cluster-info dump --all-namespaces --output-directory=DIR')");
        }
    }

    /** Adds the objects of one file; returns how many. Nothing of a file that cannot be parsed is added. */
    private static int readFile(Path f, String namespaceDir, ClusterSnapshot.Builder b, List<String> secretValues,
                                boolean standalone) {
        String name = f.getFileName().toString();
        String stem = name.replaceFirst("\\.(json|ya?ml)$", "");
        String where = standalone ? f + ": " : "";
        if (name.endsWith(".json")) {
            int added = 0;
            for (Streamed o : readJson(f, stem, namespaceDir, where)) {
                if (o.kind == null || !o.named) continue;
                if (o.namespace == null && namespaceDir != null && isNamespaced(o.kind)) {
                    // its kind came after its metadata, so the namespace could not be written while streaming
                    add(o.node, null, namespaceDir, b, secretValues);
                } else if (o.kind.equals("Secret")) {
                    stripSecretValues(o.node, secretValues);
                    b.add(o.node, o.kind, o.namespace);
                } else {
                    b.add(o.node, o.kind, o.namespace);
                }
                added++;
            }
            return added;
        }
        List<JsonNode> documents = new ArrayList<>();
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).with(new CompactNodeFactory()).readValues(text)) {
                while (it.hasNextValue()) documents.add(it.nextValue());
            }
        } catch (JacksonException e) {
            throw invalid(where, "YAML", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int added = 0;
        for (JsonNode doc : documents) {
            if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
            if (!doc.isObject()) {
                throw new SnapshotException(where + "not a Kubernetes object or list (a JSON "
                        + doc.getNodeType().toString().toLowerCase() + ")");
            }
            if (doc.has("items")) {
                String itemKind = itemKind(K8s.kind(doc), stem);
                for (JsonNode item : doc.get("items")) {
                    if (item.isObject() && add((ObjectNode) item, itemKind, namespaceDir, b, secretValues)) added++;
                }
            } else if (doc.has("kind") && doc.has("metadata")) {
                if (add((ObjectNode) doc, null, namespaceDir, b, secretValues)) added++;
            } else {
                throw notKubernetes(where);
            }
        }
        return added;
    }

    /** The kind of a List's items: {@code PodList} holds Pods; a plain {@code List} says nothing, the file name may. */
    private static String itemKind(String listKind, String stem) {
        return listKind != null && listKind.endsWith("List") && !listKind.equals("List")
                ? listKind.substring(0, listKind.length() - 4) : KIND_OF_FILE.get(stem);
    }

    /**
     * Streams one JSON file onto a {@link JsonTape} (ADR 0011): each object of a List, or the file's one object, becomes
     * a tape-backed node. What {@link #add} would otherwise patch in is written while streaming, so no object needs
     * copying off the tape: the kind of List items that lack one, the namespace of the directory, and the
     * managedFields and last-applied annotation, which are skipped unread.
     */
    private static List<Streamed> readJson(Path f, String stem, String namespaceDir, String where) {
        List<Streamed> items = new ArrayList<>();
        JsonTape tape;
        try (java.io.InputStream in = Files.newInputStream(f); JsonParser p = JSON.createParser(in)) {
            tape = new JsonTape(Files.size(f));
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) return List.of();
            if (t != JsonToken.START_OBJECT) {
                throw new SnapshotException(where + "not a Kubernetes object or list (a JSON " + describe(t) + ")");
            }
            int root = tape.beginObject();
            int count = 0;
            String listKind = null;
            boolean list = false;
            boolean hasKind = false;
            boolean hasMetadata = false;
            String field;
            while ((field = p.nextName()) != null) {
                t = p.nextToken();
                if (field.equals("items") && t == JsonToken.START_ARRAY) {
                    list = true;
                    String kind = itemKind(listKind, stem);
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == JsonToken.START_OBJECT) {
                            items.add(copyObject(p, tape, kind, namespaceDir));
                        } else {
                            p.skipChildren();
                        }
                    }
                    continue;
                }
                if (field.equals("kind") && t == JsonToken.VALUE_STRING) {
                    listKind = p.getString();
                    hasKind = true;
                }
                hasMetadata |= field.equals("metadata");
                tape.name(field);
                tape.copy(p, t);
                count++;
            }
            tape.endContainer(root, count);
            if (p.nextToken() != null) {
                throw new SnapshotException(where + "not valid JSON: more content after the first value (line "
                        + p.currentLocation().getLineNr() + ")");
            }
            if (!list) {
                if (!(hasKind && hasMetadata)) throw notKubernetes(where);
                // a single object: stream it again the way List items are, so its metadata is trimmed alike
                return readSingle(f, namespaceDir);
            }
        } catch (JacksonException e) {
            throw invalid(where, "JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    private static List<Streamed> readSingle(Path f, String namespaceDir) throws IOException {
        JsonTape tape = new JsonTape(Files.size(f));
        try (java.io.InputStream in = Files.newInputStream(f); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            return List.of(copyObject(p, tape, null, namespaceDir));
        }
    }

    /** An object streamed onto a tape, with the identity read on the way (any part may be null). */
    private static final class Streamed {
        ObjectNode node;
        String kind;
        String namespace;
        boolean named;
    }

    /** Copies a Kubernetes object whose START_OBJECT was just read, adding its kind when missing. */
    private static Streamed copyObject(JsonParser p, JsonTape tape, String defaultKind, String namespaceDir) {
        Streamed out = new Streamed();
        int at = tape.beginObject();
        int count = 0;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            tape.name(field);
            if (field.equals("kind") && t == JsonToken.VALUE_STRING) {
                out.kind = tape.shared(p);
                tape.string(p);
            } else if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                copyMetadata(p, tape, out.kind != null ? out.kind : defaultKind, namespaceDir, out);
            } else {
                tape.copy(p, t);
            }
            count++;
        }
        if (out.kind == null && defaultKind != null) {
            out.kind = defaultKind;
            tape.name("kind");
            tape.string(defaultKind);
            count++;
        }
        tape.endContainer(at, count);
        out.node = TapeObjectMap.wrap(tape, at, null, null);
        return out;
    }

    /** managedFields and the last-applied annotation are often most of an object's size, and no analyzer reads them. */
    private static void copyMetadata(JsonParser p, JsonTape tape, String kind, String namespaceDir, Streamed out) {
        int at = tape.beginObject();
        int count = 0;
        boolean hasNamespace = false;
        String field;
        while ((field = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            if (field.equals("managedFields") || field.equals("namespace") && t == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            tape.name(field);
            if (t == JsonToken.VALUE_STRING && field.equals("name")) {
                out.named = true;
                tape.string(p);
            } else if (t == JsonToken.VALUE_STRING && field.equals("namespace")) {
                hasNamespace = true;
                out.namespace = tape.shared(p);
                tape.string(p);
            } else if (field.equals("annotations") && t == JsonToken.START_OBJECT) {
                int annotations = tape.beginObject();
                int n = 0;
                String key;
                while ((key = p.nextName()) != null) {
                    JsonToken v = p.nextToken();
                    if (key.equals(LAST_APPLIED)) {
                        p.skipChildren();
                        continue;
                    }
                    tape.name(key);
                    tape.copy(p, v);
                    n++;
                }
                tape.endContainer(annotations, n);
            } else {
                tape.copy(p, t);
            }
            count++;
        }
        if (!hasNamespace && namespaceDir != null && kind != null && isNamespaced(kind)) {
            out.namespace = namespaceDir;
            tape.name("namespace");
            tape.string(namespaceDir);
            count++;
        }
        tape.endContainer(at, count);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> t.name().toLowerCase();
        };
    }

    private static SnapshotException invalid(String where, String format, JacksonException e) {
        return new SnapshotException(where + "not valid " + format + ": " + oneLine(e.getOriginalMessage())
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    }

    private static SnapshotException notKubernetes(String where) {
        return new SnapshotException(where + "not Kubernetes JSON/YAML: no 'items' list and no 'kind' with 'metadata'");
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

    private static boolean isNamespaced(String kind) {
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

    private static void readLogs(Path f, Map<String, Map<String, List<String>>> logs) throws IOException {
        List<String> current = null;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            Matcher start = LOG_START.matcher(line);
            if (start.matches()) {
                current = logs.computeIfAbsent(start.group(2) + "/" + start.group(3), k -> new LinkedHashMap<>())
                        .computeIfAbsent(start.group(1), k -> new ArrayList<>());
            } else if (LOG_END.matcher(line).matches()) {
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
    }

    /** Parser messages span several lines with a caret under the column; a report line needs one. */
    private static String oneLine(String message) {
        return message == null ? "" : message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("\\^+")).reduce((a, b) -> a + " " + b).orElse("");
    }
}
