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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The changes of commands that create, delete or replace whole objects (drain, delete, create, apply, replace). */
final class WholeObjects {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final int MAX_SELECTED = 50;

    private final ApiChanges api;
    private final KubernetesClient client;

    WholeObjects(ApiChanges api, KubernetesClient client) {
        this.api = api;
        this.client = client;
    }


    List<Change> drain(KubectlCommand c) {
        List<Change> out = new ArrayList<>();
        out.add(api.update(c, o -> ApiChanges.spec(o).put("unschedulable", true)));
        ResourceDefinitionContext pods = ApiChanges.context(ApiResource.forKind("Pod"));
        for (GenericKubernetesResource g : client.genericKubernetesResources(pods).inAnyNamespace().list().getItems()) {
            ObjectNode p = api.node(g);
            JsonNode owner = K8s.controllerOf(p);
            boolean daemon = owner != null && "DaemonSet".equals(owner.path("kind").asString());
            boolean mirror = K8s.annotation(p, "kubernetes.io/config.mirror") != null;
            if (c.name().equals(p.path("spec").path("nodeName").asString(null)) && !daemon && !mirror) {
                out.add(new Change("Pod", K8s.namespace(p), K8s.name(p), p, null));
            }
        }
        return out;
    }

    List<Change> delete(KubectlCommand c) {
        ApiResource r = api.resource(c);
        String ns = ApiChanges.namespace(c, r);
        if (c.name() != null) {
            ObjectNode before = api.fetch(r, ns, c.name());
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
        var op = client.genericKubernetesResources(ApiChanges.context(r));
        for (GenericKubernetesResource g : (ns == null ? op.list() : op.inNamespace(ns).list()).getItems()) {
            ObjectNode o = api.node(g);
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

    Change create(KubectlCommand c) {
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
        String ns = ApiChanges.namespace(c, r);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        if (ns != null) {
            meta.put("namespace", ns);
        }
        if (api.fetch(r, ns, name) != null) {
            throw new IllegalArgumentException(r.qualifiedPlural() + " \"" + name + "\" already exists");
        }
        return new Change(r.kind(), ns, name, null, o);
    }

    List<Change> fromFiles(KubectlCommand c, boolean replace) {
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
            String ns = r.namespaced() ? K8s.namespace(doc) != null ? K8s.namespace(doc) : ApiChanges.namespace(c, r) : null;
            ObjectNode wanted = ((ObjectNode) doc).deepCopy();
            if (ns != null) {
                ((ObjectNode) wanted.get("metadata")).put("namespace", ns);
            }
            ObjectNode before = api.fetch(r, ns, K8s.name(doc));
            ObjectNode after = before == null || replace ? wanted : (ObjectNode) Patches.merge(before, wanted);
            out.add(new Change(r.kind(), ns, K8s.name(doc), before, after));
        }
        return out;
    }
}
