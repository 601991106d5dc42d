package dev.aiops.domain.scaling;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Cluster state for the scenarios: one Deployment per owner with its current requests, an HPA on busy. */
final class ScalingClusters {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScalingClusters() {
    }

    static ClusterSnapshot scenarios() {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("test", "scenarios"));
        Map<String, UsageScenarios.Pod> owners = new LinkedHashMap<>();
        for (UsageScenarios.Pod p : UsageScenarios.PODS) owners.putIfAbsent(p.namespace() + "/" + p.owner(), p);
        for (UsageScenarios.Pod p : owners.values()) {
            int replicas = (int) UsageScenarios.PODS.stream().filter(o -> o.owner().equals(p.owner())).count();
            b.add(deployment(p.namespace(), p.owner(), replicas, p.cpuRequest(), p.memoryRequest(), p.memoryLimit()));
        }
        b.add(deployment("relabeled", "custom", 1, 1, UsageScenarios.GI, UsageScenarios.GI));
        b.add(deployment("empty", "ghost", 1, 0.5, 512 * UsageScenarios.MI, 512 * UsageScenarios.MI));
        ObjectNode hpa = JSON.createObjectNode().put("apiVersion", "autoscaling/v2").put("kind", "HorizontalPodAutoscaler");
        hpa.putObject("metadata").put("name", "busy").put("namespace", "shop");
        ObjectNode spec = hpa.putObject("spec");
        spec.putObject("scaleTargetRef").put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", "busy");
        spec.put("minReplicas", 2).put("maxReplicas", 10);
        spec.putArray("metrics").addObject().put("type", "Resource").putObject("resource").put("name", "cpu")
                .putObject("target").put("type", "Utilization").put("averageUtilization", 70);
        b.add(hpa);
        return b.build();
    }

    static ObjectNode deployment(String ns, String name, int replicas, double cpu, double memory, double memoryLimit) {
        ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", name).put("namespace", ns).putObject("labels").put("app", name);
        ObjectNode spec = d.putObject("spec").put("replicas", replicas);
        ObjectNode c = spec.putObject("template").putObject("spec").putArray("containers").addObject().put("name", "app");
        ObjectNode res = c.putObject("resources");
        res.putObject("requests").put("cpu", Math.round(cpu * 1000) + "m").put("memory", Math.round(memory) + "");
        res.putObject("limits").put("memory", Math.round(memoryLimit) + "");
        return d;
    }

    static JsonSchema contract() {
        try {
            Path p = Path.of(ScalingClusters.class.getClassLoader()
                    .getResource("contracts/scaling-recommendations.schema.json").toURI());
            return JsonSchema.of(JSON.readTree(p.toFile()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
