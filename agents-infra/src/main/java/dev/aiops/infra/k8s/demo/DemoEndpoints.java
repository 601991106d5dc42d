package dev.aiops.infra.k8s.demo;

import static dev.aiops.infra.k8s.demo.DemoControlPlane.annotations;
import static dev.aiops.infra.k8s.demo.DemoStore.CORE;

import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The endpoints controller (for {@link DemoControllers}). */
final class DemoEndpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DemoControlPlane cp;
    private final DemoStore store;

    DemoEndpoints(DemoControlPlane cp) {
        this.cp = cp;
        this.store = cp.store();
    }

    /**
     * The endpoints controller: recomputes the Endpoints of the Services with a selector in {@code ns} from the
     * pods now there, making those that are missing.
     */
    void update(String ns) {
        List<ObjectNode> pods = store.list(CORE + ns + "/pods");
        pods.sort(Comparator.comparing(K8s::name));
        String now = cp.now();
        for (ObjectNode svc : store.list(CORE + ns + "/services")) {
            JsonNode selector = svc.path("spec").path("selector");
            boolean external = "ExternalName".equals(K8s.text(svc.path("spec").get("type")));
            if (external || !selector.isObject() || selector.isEmpty()) continue;
            ObjectNode ep = store.get(CORE + ns + "/endpoints/" + K8s.name(svc));
            if (ep == null) {
                ObjectNode made = JSON.createObjectNode();
                made.put("apiVersion", "v1");
                made.put("kind", "Endpoints");
                ObjectNode meta = made.putObject("metadata");
                meta.put("name", K8s.name(svc));
                meta.put("namespace", ns);
                if (svc.path("metadata").get("labels") instanceof ObjectNode labels) {
                    meta.set("labels", labels.deepCopy());
                }
                ep = store.create(CORE + ns + "/endpoints", made);
            }
            List<ObjectNode> selected = new ArrayList<>();
            for (ObjectNode pod : pods) {
                if (!pod.path("metadata").has("deletionTimestamp") && DemoPods.selects(selector, labelsHolder(pod))
                        && K8s.text(pod.path("status").get("podIP")) != null) {
                    selected.add(pod);
                }
            }
            ArrayNode subsets = JSON.createArrayNode();
            if (!selected.isEmpty()) {
                ObjectNode subset = subsets.addObject();
                ArrayNode ready = JSON.createArrayNode();
                ArrayNode notReady = JSON.createArrayNode();
                selected.sort(Comparator.comparing(p -> K8s.text(p.path("status").get("podIP"))));
                for (ObjectNode pod : selected) {
                    ObjectNode address = JSON.createObjectNode();
                    address.put("ip", K8s.text(pod.path("status").get("podIP")));
                    String node = K8s.text(pod.path("spec").get("nodeName"));
                    if (node != null) address.put("nodeName", node);
                    ObjectNode target = address.putObject("targetRef");
                    target.put("kind", "Pod");
                    target.put("namespace", ns);
                    target.put("name", K8s.name(pod));
                    target.put("uid", K8s.uid(pod));
                    (DemoPods.ready(pod) ? ready : notReady).add(address);
                }
                if (!ready.isEmpty()) subset.set("addresses", ready);
                if (!notReady.isEmpty()) subset.set("notReadyAddresses", notReady);
                ArrayNode ports = subset.putArray("ports");
                for (JsonNode port : svc.path("spec").path("ports")) {
                    ObjectNode p = ports.addObject();
                    if (port.has("name")) p.put("name", port.path("name").asString());
                    p.put("port", targetPort(port, selected.get(0)));
                    p.put("protocol", port.path("protocol").asString("TCP"));
                }
            }
            ObjectNode updated = ep.deepCopy();
            if (subsets.isEmpty()) {
                updated.remove("subsets");
            } else {
                updated.set("subsets", subsets);
            }
            if (!Objects.equals(updated.get("subsets"), ep.get("subsets"))) {
                annotations(updated).put("endpoints.kubernetes.io/last-change-trigger-time", now);
                store.replace(CORE + ns + "/endpoints/" + K8s.name(ep), updated);
            }
        }
    }

    private static JsonNode labelsHolder(JsonNode pod) {
        ObjectNode holder = JSON.createObjectNode();
        holder.putObject("metadata").set("labels", pod.path("metadata").path("labels"));
        return holder;
    }

    private static int targetPort(JsonNode servicePort, JsonNode pod) {
        JsonNode target = servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port");
        if (target != null && target.isNumber()) return target.asInt();
        String name = target == null ? null : target.asString();
        if (name != null && name.matches("\\d+")) return Integer.parseInt(name);
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (name != null && name.equals(K8s.text(p.get("name")))) return p.path("containerPort").asInt();
            }
        }
        return servicePort.path("port").asInt();
    }
}
