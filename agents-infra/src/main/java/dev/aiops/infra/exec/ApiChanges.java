package dev.aiops.infra.exec;

import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects a mutating or destructive command would change, computed from the live objects exactly as kubectl
 * would change them, so that the change can be dry-run on the server, shown as a diff, approved, and then written
 * with the live object's resourceVersion (a concurrent change makes the write fail instead of being overwritten).
 */
final class ApiChanges {

    static final String REVISION = "deployment.kubernetes.io/revision";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final int MAX_SELECTED = 50;

    private final KubernetesClient client;
    private final Clock clock;

    ApiChanges(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** True when this class can compute the changes of {@code c}. */
    static boolean handles(KubectlCommand c) {
        return switch (c.verb()) {
            case "scale", "set", "label", "annotate", "patch", "cordon", "uncordon", "drain", "delete", "create",
                 "apply" -> true;
            case "replace" -> c.hasFlag("--force");
            case "rollout" -> List.of("restart", "undo", "pause", "resume").contains(c.subverb());
            default -> false;
        };
    }

    List<Change> changes(KubectlCommand c) {
        return switch (c.verb()) {
            case "scale" -> List.of(update(c, o -> ((ObjectNode) o.get("spec")).put("replicas",
                    integer(c.flag("--replicas"), "--replicas"))));
            case "set" -> List.of(update(c, o -> set(c, o)));
            case "label" -> List.of(update(c, o -> keyValues(c, metadataMap(o, "labels"))));
            case "annotate" -> List.of(update(c, o -> keyValues(c, metadataMap(o, "annotations"))));
            case "patch" -> List.of(patch(c));
            case "cordon", "uncordon" -> List.of(update(c, o -> spec(o).put("unschedulable", c.verb().equals("cordon"))));
            case "drain" -> drain(c);
            case "delete" -> delete(c);
            case "create" -> List.of(create(c));
            case "apply" -> fromFiles(c, false);
            case "replace" -> fromFiles(c, true);
            default -> List.of(rollout(c));
        };
    }

    // ---- one object, changed in place ----

    private interface Edit {
        void apply(ObjectNode object);
    }

    private Change update(KubectlCommand c, Edit edit) {
        ApiResource r = resource(c);
        String ns = namespace(c, r);
        if (c.name() == null) {
            throw new IllegalArgumentException("name the " + r.kind() + " to change (selectors are not supported"
                    + " for '" + c.verb() + "' here)");
        }
        ObjectNode before = fetch(r, ns, c.name());
        if (before == null) {
            throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + c.name() + "\" not found"
                    + (ns == null ? "" : " in namespace " + ns));
        }
        ObjectNode after = before.deepCopy();
        edit.apply(after);
        return new Change(r.kind(), ns, c.name(), before, after);
    }

    private static ObjectNode spec(ObjectNode o) {
        return o.get("spec") instanceof ObjectNode s ? s : o.putObject("spec");
    }

    private static ObjectNode metadataMap(ObjectNode o, String field) {
        ObjectNode m = o.get("metadata") instanceof ObjectNode x ? x : o.putObject("metadata");
        return m.get(field) instanceof ObjectNode f ? f : m.putObject(field);
    }

    private static ObjectNode template(ObjectNode o) {
        JsonNode t = o.path("spec").path("template");
        if (!(t instanceof ObjectNode tpl)) {
            throw new IllegalArgumentException(K8s.kind(o) + " " + K8s.name(o) + " has no pod template");
        }
        return tpl;
    }

    private static List<ObjectNode> containers(ObjectNode o, String only) {
        List<ObjectNode> out = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            for (JsonNode c : template(o).path("spec").path(field)) {
                if (c instanceof ObjectNode co && (only == null || only.equals(co.path("name").asString()))) {
                    out.add(co);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no container " + (only == null ? "" : "named " + only + " ") + "in "
                    + K8s.kind(o) + " " + K8s.name(o));
        }
        return out;
    }

    private static List<String> assignments(KubectlCommand c) {
        List<String> out = new ArrayList<>();
        for (String p : c.positional()) {
            // CONTAINER=IMAGE, NAME=VALUE or NAME- (images may contain '/', a TYPE/NAME has no '=')
            if (!p.startsWith("-") && (p.contains("=") || (p.endsWith("-") && !p.contains("/")))) {
                out.add(p);
            }
        }
        return out;
    }

    private static void set(KubectlCommand c, ObjectNode o) {
        String container = c.flag("-c") != null ? c.flag("-c") : c.flag("--containers");
        switch (String.valueOf(c.subverb())) {
            case "image" -> {
                List<String> pairs = assignments(c);
                if (pairs.isEmpty()) {
                    throw new IllegalArgumentException("set image needs CONTAINER=IMAGE");
                }
                for (String pair : pairs) {
                    String name = pair.substring(0, pair.indexOf('='));
                    String image = pair.substring(pair.indexOf('=') + 1);
                    if (image.isEmpty() || image.contains("<")) {
                        throw new IllegalArgumentException("'" + pair + "' does not name an image");
                    }
                    containers(o, name.equals("*") ? null : name).forEach(x -> x.put("image", image));
                }
            }
            case "env" -> {
                for (ObjectNode x : containers(o, container)) {
                    ArrayNode env = x.get("env") instanceof ArrayNode e ? e : x.putArray("env");
                    for (String pair : assignments(c)) {
                        boolean remove = pair.endsWith("-") && !pair.contains("=");
                        String name = remove ? pair.substring(0, pair.length() - 1) : pair.substring(0, pair.indexOf('='));
                        for (int i = env.size() - 1; i >= 0; i--) {
                            if (name.equals(env.get(i).path("name").asString())) {
                                env.remove(i);
                            }
                        }
                        if (!remove) {
                            env.addObject().put("name", name).put("value", pair.substring(pair.indexOf('=') + 1));
                        }
                    }
                }
            }
            case "resources" -> {
                for (ObjectNode x : containers(o, container)) {
                    ObjectNode res = x.get("resources") instanceof ObjectNode r ? r : x.putObject("resources");
                    for (String kind : List.of("limits", "requests")) {
                        String spec = c.flag("--" + kind);
                        if (spec == null) {
                            continue;
                        }
                        ObjectNode target = res.get(kind) instanceof ObjectNode t ? t : res.putObject(kind);
                        for (String part : spec.split(",")) {
                            int eq = part.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("--" + kind + " takes NAME=QUANTITY,...");
                            }
                            target.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("'set " + c.subverb() + "' is not supported here");
        }
    }

    private static void keyValues(KubectlCommand c, ObjectNode map) {
        List<String> pairs = new ArrayList<>();
        for (String p : c.positional()) {
            if (!p.startsWith("-") && (p.contains("=") || p.endsWith("-"))) {
                pairs.add(p);
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("give at least one KEY=VALUE or KEY-");
        }
        for (String p : pairs) {
            if (!p.contains("=") && p.endsWith("-")) {
                map.remove(p.substring(0, p.length() - 1));
                continue;
            }
            String key = p.substring(0, p.indexOf('='));
            String value = p.substring(p.indexOf('=') + 1);
            if (map.has(key) && !map.get(key).asString().equals(value) && !c.hasFlag("--overwrite")) {
                throw new IllegalArgumentException("'" + key + "' already has a value (" + map.get(key).asString()
                        + "), and --overwrite is false");
            }
            map.put(key, value);
        }
    }

    private Change patch(KubectlCommand c) {
        String text = c.flag("-p") != null ? c.flag("-p") : c.flag("--patch");
        if (text == null) {
            throw new IllegalArgumentException("patch needs -p PATCH");
        }
        JsonNode patch;
        try {
            patch = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the patch is not valid JSON or YAML: " + e.getOriginalMessage());
        }
        String type = c.flag("--type") == null ? "strategic" : c.flag("--type");
        return update(c, o -> {
            JsonNode patched = switch (type) {
                case "json" -> Patches.json(o, patch);
                case "merge", "strategic" -> Patches.merge(o, patch);
                default -> throw new IllegalArgumentException("--type takes json, merge or strategic, not " + type);
            };
            o.removeAll();
            o.setAll((ObjectNode) patched);
        });
    }

    private Change rollout(KubectlCommand c) {
        return switch (c.subverb()) {
            case "restart" -> update(c, o -> {
                ObjectNode meta = template(o).get("metadata") instanceof ObjectNode m ? m
                        : template(o).putObject("metadata");
                ObjectNode annotations = meta.get("annotations") instanceof ObjectNode a ? a
                        : meta.putObject("annotations");
                annotations.put("kubectl.kubernetes.io/restartedAt", clock.instant().toString());
            });
            case "pause", "resume" -> update(c, o -> spec(o).put("paused", c.subverb().equals("pause")));
            default -> undo(c);
        };
    }

    /** The previous revision's pod template (or {@code --to-revision}'s), from the Deployment's ReplicaSets. */
    private Change undo(KubectlCommand c) {
        ApiResource r = resource(c);
        if (!r.kind().equals("Deployment")) {
            throw new IllegalArgumentException("rollout undo of a " + r.kind() + " is not supported here (only"
                    + " Deployments keep their revisions in ReplicaSets)");
        }
        return update(c, d -> {
            List<ObjectNode> sets = new ArrayList<>();
            ResourceDefinitionContext rs = context(ApiResource.forKind("ReplicaSet"));
            for (GenericKubernetesResource g : client.genericKubernetesResources(rs).inNamespace(K8s.namespace(d))
                    .list().getItems()) {
                ObjectNode o = node(g);
                JsonNode owner = K8s.controllerOf(o);
                if (owner != null && K8s.uid(d) != null && K8s.uid(d).equals(owner.path("uid").asString(null))) {
                    sets.add(o);
                } else if (owner != null && K8s.uid(d) == null && K8s.name(d).equals(owner.path("name").asString())) {
                    sets.add(o);
                }
            }
            sets.sort(Comparator.comparingLong(ReadCommands::revision));
            long current = revision(d, sets);
            String to = c.flag("--to-revision");
            ObjectNode target = null;
            for (ObjectNode s : sets) {
                long rev = ReadCommands.revision(s);
                if (to != null && !to.equals("0") ? rev == integer(to, "--to-revision") : rev < current) {
                    target = s;
                }
            }
            if (target == null) {
                throw new IllegalArgumentException(to != null && !to.equals("0")
                        ? "revision " + to + " of deployment " + K8s.name(d) + " not found"
                        : "deployment " + K8s.name(d) + " has no previous revision to roll back to");
            }
            ObjectNode tpl = (ObjectNode) target.path("spec").path("template").deepCopy();
            if (tpl.get("metadata") instanceof ObjectNode m && m.get("labels") instanceof ObjectNode l) {
                l.remove("pod-template-hash");
            }
            spec(d).set("template", tpl);
        });
    }

    private static long revision(ObjectNode deployment, List<ObjectNode> sets) {
        long r = ReadCommands.revision(deployment);
        if (r > 0) {
            return r;
        }
        return sets.isEmpty() ? 0 : ReadCommands.revision(sets.get(sets.size() - 1));
    }

    // ---- several objects ----

    private List<Change> drain(KubectlCommand c) {
        List<Change> out = new ArrayList<>();
        out.add(update(c, o -> spec(o).put("unschedulable", true)));
        ResourceDefinitionContext pods = context(ApiResource.forKind("Pod"));
        for (GenericKubernetesResource g : client.genericKubernetesResources(pods).inAnyNamespace().list().getItems()) {
            ObjectNode p = node(g);
            JsonNode owner = K8s.controllerOf(p);
            boolean daemon = owner != null && "DaemonSet".equals(owner.path("kind").asString());
            boolean mirror = K8s.annotation(p, "kubernetes.io/config.mirror") != null;
            if (c.name().equals(p.path("spec").path("nodeName").asString(null)) && !daemon && !mirror) {
                out.add(new Change("Pod", K8s.namespace(p), K8s.name(p), p, null));
            }
        }
        return out;
    }

    private List<Change> delete(KubectlCommand c) {
        ApiResource r = resource(c);
        String ns = namespace(c, r);
        if (c.name() != null) {
            ObjectNode before = fetch(r, ns, c.name());
            if (before == null) {
                throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + c.name() + "\" not found"
                        + (ns == null ? "" : " in namespace " + ns));
            }
            return List.of(new Change(r.kind(), ns, c.name(), before, null));
        }
        String selector = c.flag("-l") != null ? c.flag("-l") : c.flag("--selector");
        if (selector == null) {
            throw new IllegalArgumentException("name the object to delete, or give a label selector with -l");
        }
        List<Change> out = new ArrayList<>();
        var op = client.genericKubernetesResources(context(r));
        for (GenericKubernetesResource g : (ns == null ? op.list() : op.inNamespace(ns).list()).getItems()) {
            ObjectNode o = node(g);
            if (Selectors.matches(o.path("metadata").path("labels"), selector)) {
                out.add(new Change(r.kind(), ns, K8s.name(o), o, null));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no " + r.qualifiedPlural() + " match " + selector);
        }
        if (out.size() > MAX_SELECTED) {
            throw new IllegalArgumentException(out.size() + " objects match " + selector + "; more than "
                    + MAX_SELECTED + " are not deleted in one command here");
        }
        return out;
    }

    private Change create(KubectlCommand c) {
        String type = c.resource();
        ObjectNode o = JSON.createObjectNode();
        String name = c.name();
        if (name == null) {
            throw new IllegalArgumentException("create needs a name");
        }
        switch (String.valueOf(type)) {
            case "namespaces" -> o.put("apiVersion", "v1").put("kind", "Namespace");
            case "configmaps", "secrets" -> {
                boolean secret = type.equals("secrets");
                o.put("apiVersion", "v1").put("kind", secret ? "Secret" : "ConfigMap");
                if (secret) {
                    o.put("type", "Opaque");
                }
                ObjectNode data = o.putObject("data");
                for (String literal : c.flags().getOrDefault("--from-literal", List.of())) {
                    int eq = literal.indexOf('=');
                    if (eq <= 0 || literal.contains("<")) {
                        throw new IllegalArgumentException("--from-literal takes KEY=VALUE with a real value");
                    }
                    String value = literal.substring(eq + 1);
                    data.put(literal.substring(0, eq), secret
                            ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
                }
            }
            default -> throw new IllegalArgumentException("'create " + type + "' is not supported here; use"
                    + " namespace, configmap or secret generic, or apply -f a manifest");
        }
        ApiResource r = ApiResource.forKind(o.path("kind").asString());
        String ns = namespace(c, r);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        if (ns != null) {
            meta.put("namespace", ns);
        }
        if (fetch(r, ns, name) != null) {
            throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + name + "\" already exists");
        }
        return new Change(r.kind(), ns, name, null, o);
    }

    private List<Change> fromFiles(KubectlCommand c, boolean replace) {
        String file = c.flag("-f") != null ? c.flag("-f") : c.flag("--filename");
        if (file == null || file.equals("-")) {
            throw new IllegalArgumentException(c.verb() + " needs -f FILE (standard input is not read here)");
        }
        List<JsonNode> docs = new ArrayList<>();
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            for (JsonNode doc : YAML.readValues(YAML.createParser(text), JsonNode.class).readAll()) {
                if (doc != null && "List".equals(doc.path("kind").asString())) {
                    doc.path("items").forEach(docs::add);
                } else if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        List<Change> out = new ArrayList<>();
        for (JsonNode doc : docs) {
            ApiResource r = ApiResource.forKind(K8s.kind(doc));
            if (r == null || K8s.name(doc) == null) {
                throw new IllegalArgumentException(file + ": an object of kind " + K8s.kind(doc) + " named "
                        + K8s.name(doc) + " cannot be applied here");
            }
            String ns = r.namespaced() ? K8s.namespace(doc) != null ? K8s.namespace(doc) : namespace(c, r) : null;
            ObjectNode wanted = ((ObjectNode) doc).deepCopy();
            if (ns != null) {
                ((ObjectNode) wanted.get("metadata")).put("namespace", ns);
            }
            ObjectNode before = fetch(r, ns, K8s.name(doc));
            ObjectNode after = before == null || replace ? wanted : (ObjectNode) Patches.merge(before, wanted);
            out.add(new Change(r.kind(), ns, K8s.name(doc), before, after));
        }
        return out;
    }

    // ---- API access ----

    ApiResource resource(KubectlCommand c) {
        ApiResource r = c.resource() == null ? null : ApiResource.forPlural(c.resource());
        if (r == null) {
            throw new IllegalArgumentException("the resource type '" + c.resource() + "' is not supported here");
        }
        return r;
    }

    private static String namespace(KubectlCommand c, ApiResource r) {
        return !r.namespaced() ? null : c.namespace() == null ? "default" : c.namespace();
    }

    static ResourceDefinitionContext context(ApiResource r) {
        return new ResourceDefinitionContext.Builder().withGroup(r.group()).withVersion(r.version())
                .withPlural(r.plural()).withKind(r.kind()).withNamespaced(r.namespaced()).build();
    }

    ObjectNode fetch(ApiResource r, String ns, String name) {
        var op = client.genericKubernetesResources(context(r));
        GenericKubernetesResource g = ns == null ? op.withName(name).get() : op.inNamespace(ns).withName(name).get();
        return g == null ? null : node(g);
    }

    ObjectNode node(GenericKubernetesResource g) {
        return (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(g));
    }

    GenericKubernetesResource generic(ObjectNode o) {
        return client.getKubernetesSerialization().unmarshal(o.toString(), GenericKubernetesResource.class);
    }

    private static int integer(String value, String flag) {
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, not '" + value + "'");
        }
    }
}
