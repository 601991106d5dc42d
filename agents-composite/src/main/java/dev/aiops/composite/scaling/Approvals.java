package dev.aiops.composite.scaling;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes waiting for a person, in the ConfigMap {@value #CONFIG_MAP} of the operator's namespace: one key per
 * decision id, its value the change as JSON with {@code status} {@code pending} or {@code approved}. A person
 * approves with {@code aiops scale approve ID}, or by annotating the workload {@value #ANNOTATION}{@code : ID}.
 */
public final class Approvals {

    public static final String CONFIG_MAP = "aiops-scaling-approvals";
    public static final String ANNOTATION = "aiops.dev/approve";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final String namespace;

    public Approvals(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Every change waiting or approved, by id. */
    public Map<String, JsonNode> all() {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        Map<String, JsonNode> out = new TreeMap<>();
        if (cm == null || cm.getData() == null) return out;
        cm.getData().forEach((id, v) -> {
            try {
                out.put(id, JSON.readTree(v));
            } catch (tools.jackson.core.JacksonException e) {
                // a hand-edited entry that is not JSON is not an approval
            }
        });
        return out;
    }

    /** Records {@code d} as waiting, unless it is already there (pending or approved). */
    void request(Decision d) {
        ObjectNode v = JSON.createObjectNode().put("status", "pending").put("policy", d.policy())
                .put("workload", d.workload().toString()).put("container", d.container())
                .put("reason", d.reason()).put("requestedAt", d.time().toString());
        v.set("change", d.reasoning().path("change"));
        edit(data -> data.putIfAbsent(d.id(), v.toString()));
    }

    /** Whether {@code id} was approved here or by an annotation on the workload ({@code annotations}). */
    boolean approved(String id, Map<String, String> annotations) {
        String a = annotations == null ? null : annotations.get(ANNOTATION);
        if (a != null && java.util.Arrays.asList(a.split("\\s*,\\s*")).contains(id)) return true;
        JsonNode v = all().get(id);
        return v != null && "approved".equals(v.path("status").asString());
    }

    /** Forgets {@code id} once applied. */
    void done(String id) {
        edit(data -> data.remove(id));
    }

    /**
     * Approves {@code id} as {@code by}.
     *
     * @return the change approved
     * @throws IllegalArgumentException naming the id when no change is waiting under it
     */
    public JsonNode approve(String id, String by) {
        JsonNode current = all().get(id);
        if (current == null) {
            throw new IllegalArgumentException("no change is waiting for approval under id '" + id + "' in "
                    + namespace + "/" + CONFIG_MAP);
        }
        ObjectNode v = ((ObjectNode) current).put("status", "approved").put("approvedBy", by)
                .put("approvedAt", Instant.now().toString());
        edit(data -> data.put(id, v.toString()));
        return v;
    }

    private void edit(java.util.function.Consumer<Map<String, String>> change) {
        for (int attempt = 0; ; attempt++) {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
            Map<String, String> data = new LinkedHashMap<>(cm == null || cm.getData() == null ? Map.of() : cm.getData());
            change.accept(data);
            try {
                if (cm == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(CONFIG_MAP).withNamespace(namespace).endMetadata().withData(data).build())
                            .create();
                } else {
                    cm.setData(data);
                    client.configMaps().inNamespace(namespace).resource(cm).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 4) throw e;
            }
        }
    }
}
