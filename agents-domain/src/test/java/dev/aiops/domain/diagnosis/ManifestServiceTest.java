package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.infra.k8s.ClusterSnapshot;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Manifests (a rendered chart, a GitOps folder) hold no pods: a Service is judged by the workloads that will exist. */
class ManifestServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode service(String app) {
        ObjectNode s = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        s.putObject("metadata").put("name", "web").put("namespace", "shop");
        s.putObject("spec").put("clusterIP", "10.0.0.10").putObject("selector").put("app", app);
        return s;
    }

    private static ObjectNode deployment() {
        ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", "web").put("namespace", "shop");
        ObjectNode spec = d.putObject("spec").put("replicas", 2);
        spec.putObject("selector").putObject("matchLabels").put("app", "web");
        ObjectNode t = spec.putObject("template");
        t.putObject("metadata").putObject("labels").put("app", "web");
        t.putObject("spec").putArray("containers").addObject().put("name", "web").put("image", "web:1.0");
        return d;
    }

    private static DiagnosisReport diagnose(ObjectNode... objects) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", "manifests.yaml"));
        for (ObjectNode o : objects) b.add(o);
        return Diagnoser.standard().diagnose(b.build(), Set.of(), Set.of());
    }

    @Test
    void aServiceOfAManifestWorkloadIsNotReportedWithoutEndpoints() {
        assertThat(diagnose(service("web"), deployment()).findings())
                .noneMatch(f -> f.category() == Category.ServiceNoEndpoints);
    }

    @Test
    void aServiceWhoseSelectorNoWorkloadMatchesIsStillReported() {
        assertThat(diagnose(service("wbe"), deployment()).findings())
                .anyMatch(f -> f.severity() == Severity.HIGH && f.object().name().equals("web")
                        && (f.category() == Category.ServiceNoEndpoints || f.category() == Category.ServiceMisconfigured));
    }
}
