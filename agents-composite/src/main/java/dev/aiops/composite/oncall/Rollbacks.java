package dev.aiops.composite.oncall;

import dev.aiops.infra.exec.Change;
import dev.aiops.infra.exec.Patches;
import dev.aiops.infra.k8s.ApiResource;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The command that undoes one change, recorded before the change is made. */
final class Rollbacks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Rollbacks() {
    }

    /**
     * The undo command of {@code c}: a merge patch back to the state before for a change, a delete for a create,
     * and re-applying the saved manifest ({@code savedManifest}) for a delete.
     */
    static String of(Change c, String savedManifest) {
        String ref = resource(c.kind()) + " " + c.name() + (c.namespace() == null ? "" : " -n " + c.namespace());
        if (c.creates()) {
            return "kubectl delete " + ref;
        }
        if (c.deletes()) {
            if ("Pod".equals(c.kind()) && c.before().path("metadata").path("ownerReferences").size() > 0) {
                return "# nothing to restore: the pod's controller creates a replacement";
            }
            return "kubectl apply -f " + savedManifest;
        }
        ObjectNode back = Patches.diff(essential(c.after()), essential(c.before()));
        return back.isEmpty() ? "# nothing to undo: the object did not change"
                : "kubectl patch " + ref + " --type merge -p " + quote(JSON.writeValueAsString(back));
    }

    /** The object as a manifest to re-create it: no status, no server-maintained metadata. */
    static ObjectNode manifest(ObjectNode o) {
        ObjectNode m = essential(o);
        m.put("apiVersion", o.path("apiVersion").asString());
        m.put("kind", o.path("kind").asString());
        return m;
    }

    /** What a person sets on an object: spec (and data), labels and annotations. */
    static ObjectNode essential(JsonNode o) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode meta = out.putObject("metadata");
        JsonNode m = o.path("metadata");
        for (String f : List.of("name", "namespace", "labels", "annotations")) {
            if (m.has(f)) {
                meta.set(f, m.get(f).deepCopy());
            }
        }
        if (meta.get("annotations") instanceof ObjectNode a) {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
            a.remove("deployment.kubernetes.io/revision");
        }
        for (String f : List.of("spec", "data", "stringData", "type", "rules", "subjects", "roleRef")) {
            if (o.has(f)) {
                out.set(f, o.get(f).deepCopy());
            }
        }
        return out;
    }

    static String resource(String kind) {
        ApiResource r = ApiResource.forKind(kind);
        return r == null ? kind.toLowerCase() : r.kind().toLowerCase();
    }

    /** Single-quoted for a shell-like reader; a quote inside becomes '\''. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
