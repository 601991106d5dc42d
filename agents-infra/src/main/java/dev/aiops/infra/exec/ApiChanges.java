package dev.aiops.infra.exec;

import dev.aiops.infra.command.KubectlCommand;
import dev.aiops.infra.k8s.ApiResource;
import dev.aiops.infra.k8s.K8s;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.util.ArrayList;
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
            case "drain" -> new WholeObjects(this, client).drain(c);
            case "delete" -> new WholeObjects(this, client).delete(c);
            case "create" -> List.of(new WholeObjects(this, client).create(c));
            case "apply" -> new WholeObjects(this, client).fromFiles(c, false);
            case "replace" -> new WholeObjects(this, client).fromFiles(c, true);
            default -> List.of(rollout(c));
        };
    }

    // ---- one object, changed in place ----

    interface Edit {
        void apply(ObjectNode object);
    }

    Change update(KubectlCommand c, Edit edit) {
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

    static ObjectNode spec(ObjectNode o) {
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

    // ---- API access ----

    ApiResource resource(KubectlCommand c) {
        ApiResource r = c.resource() == null ? null : ApiResource.forPlural(c.resource());
        if (r == null) {
            throw new IllegalArgumentException("the resource type '" + c.resource() + "' is not supported here");
        }
        return r;
    }

    static String namespace(KubectlCommand c, ApiResource r) {
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
