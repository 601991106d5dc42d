package dev.aiops.composite.oncall;

import dev.aiops.infra.exec.Change;
import dev.aiops.infra.exec.Patches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Production is changed through Git: instead of running a mutation, the change is written as a strategic-merge
 * patch (a delete as {@code $patch: delete}) and listed in the directory's {@code kustomization.yaml}, ready to be
 * committed for Argo CD or Flux to apply.
 */
final class GitOpsPatches {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path dir;

    GitOpsPatches(Path dir) {
        this.dir = dir;
    }

    /** Writes the patches of {@code changes}; returns the files written, relative paths listed in kustomization. */
    List<Path> write(List<Change> changes, String command, String reason) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Change c : changes) {
                Path file = dir.resolve((c.namespace() == null ? "cluster" : c.namespace()) + "-"
                        + c.kind().toLowerCase() + "-" + c.name() + ".patch.yaml");
                String header = "# written by aiops instead of running, because the target is production:\n#   "
                        + command.replace("\n", " ") + "\n# reason: " + reason.replace("\n", " ") + "\n";
                Files.writeString(file, header + YAML.writeValueAsString(patch(c)), StandardCharsets.UTF_8);
                written.add(file);
                list(dir.relativize(file).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the GitOps patch under " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** A strategic-merge patch from the object's state before to its state after (or a delete directive). */
    static ObjectNode patch(Change c) {
        JsonNode base = c.before() != null ? c.before() : c.after();
        ObjectNode p = YAML.createObjectNode();
        p.put("apiVersion", base.path("apiVersion").asString());
        p.put("kind", c.kind());
        ObjectNode meta = p.putObject("metadata").put("name", c.name());
        if (c.namespace() != null) {
            meta.put("namespace", c.namespace());
        }
        if (c.deletes()) {
            p.put("$patch", "delete");
            return p;
        }
        if (c.creates()) {
            return Rollbacks.manifest(c.after());
        }
        ObjectNode diff = Patches.diff(Rollbacks.essential(c.before()), Rollbacks.essential(c.after()));
        diff.properties().forEach(e -> {
            if (e.getKey().equals("metadata") && e.getValue() instanceof ObjectNode m) {
                m.properties().forEach(me -> meta.set(me.getKey(), me.getValue()));
            } else {
                p.set(e.getKey(), e.getValue());
            }
        });
        return p;
    }

    private void list(String relative) throws IOException {
        Path k = dir.resolve("kustomization.yaml");
        ObjectNode doc = Files.exists(k) && Files.size(k) > 0
                ? (ObjectNode) YAML.readTree(Files.readString(k, StandardCharsets.UTF_8))
                : YAML.createObjectNode().put("apiVersion", "kustomize.config.k8s.io/v1beta1")
                .put("kind", "Kustomization");
        ArrayNode patches = doc.get("patches") instanceof ArrayNode a ? a : doc.putArray("patches");
        for (JsonNode e : patches) {
            if (relative.equals(e.path("path").asString())) {
                return;
            }
        }
        patches.addObject().put("path", relative);
        Files.writeString(k, YAML.writeValueAsString(doc), StandardCharsets.UTF_8);
    }
}
