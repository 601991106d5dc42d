package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The objects a spec implies, as fabric8 model objects, hardened unless the spec says otherwise. */
class SpecRendererTest {

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void aStatelessServiceWithAnAutoscalerLeavesTheReplicaCountToIt() {
        List<HasMetadata> objects = SpecRenderer.render(SpecFixtures.example("web-service.yaml"), "production");

        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ServiceAccount", "Service", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "PrometheusRule");
        assertThat(objects).allMatch(o -> o.getMetadata().getNamespace().equals("orders")
                && o.getMetadata().getName().equals("orders-api")
                && o.getMetadata().getLabels().get("environment").equals("production")
                && o.getMetadata().getLabels().get("app.kubernetes.io/managed-by").equals("aiops"));
        Deployment d = one(objects, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isNull();
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        GenericKubernetesResource rule = one(objects, GenericKubernetesResource.class);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    }

    @Test
    void hardensThePodByDefault() {
        PodSpec pod = one(SpecRenderer.render(SpecFixtures.example("web-service.yaml"), "dev"), Deployment.class)
                .getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("orders-api");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    }

    @Test
    void theSpecMayRelaxTheHardening() {
        DeploymentSpec spec = SpecFixtures.parse(SpecReaderTest.minimal() + """
                security:
                  readOnlyRootFilesystem: false
                  addCapabilities: [NET_BIND_SERVICE]
                  seccompProfile: Unconfined
                  automountServiceAccountToken: true
                """);
        PodSpec pod = one(SpecRenderer.render(spec, "dev"), Deployment.class).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void referencesConfigMapsAndSecretsWithoutRenderingThem() {
        List<HasMetadata> objects = SpecRenderer.render(SpecFixtures.example("web-service.yaml"), "dev");
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        assertThat(objects).noneMatch(o -> o.getKind().equals("ConfigMap") || o.getKind().equals("Secret"));
        assertThat(c.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getConfigMapRef().getName())
                .isEqualTo("orders-api-config"));
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DB_PASSWORD");
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orders-db-credentials");
        });
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("orders-api-tls"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("LOG_LEVEL")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("debug"));
    }

    @Test
    void aStatefulWorkloadGetsAHeadlessServiceAndAClaimPerPod() {
        List<HasMetadata> objects = SpecRenderer.render(SpecFixtures.example("postgres.yaml"), "production");

        StatefulSet sts = one(objects, StatefulSet.class);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("orders-db");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
            assertThat(pvc.getMetadata().getName()).isEqualTo("data");
            assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
            assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        assertThat(one(objects, Service.class).getSpec().getClusterIP()).isEqualTo("None");
        assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(999L);
        assertThat(objects).noneMatch(o -> o instanceof HorizontalPodAutoscaler);
    }

    @Test
    void anEnvironmentThatIsNotInTheSpecIsRefusedNamingTheOnesThatAre() {
        assertThatThrownBy(() -> SpecRenderer.render(SpecFixtures.example("postgres.yaml"), "qa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the spec of orders-db has no environment 'qa' (it has dev, staging, production)");
    }

    @Test
    void literalsThatLookLikeOtherYamlTypesAreWrittenAsStrings() {
        List<String> values = List.of("true", "yes", "on", "no", "null", "~", "1.10", "0x1F", "1e3", "2026-12-07", "08");
        StringBuilder env = new StringBuilder("env:\n");
        for (int i = 0; i < values.size(); i++) {
            env.append("  - { name: V").append(i).append(", value: \"").append(values.get(i)).append("\" }\n");
        }
        DeploymentSpec spec = SpecFixtures.parse(SpecReaderTest.minimal() + env);

        String yaml = SpecRenderer.files(spec, "dev").get("03-deployment-quotes.yaml");
        var read = tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(yaml)
                .path("spec").path("template").path("spec").path("containers").get(0).path("env");

        for (int i = 0; i < values.size(); i++) {
            assertThat(read.get(i).path("value").isString()).as("%s in%n%s", values.get(i), yaml).isTrue();
            assertThat(read.get(i).path("value").asString()).isEqualTo(values.get(i));
        }
    }

    @Test
    void aLongWritablePathGetsAVolumeNameKubernetesAccepts() {
        DeploymentSpec spec = SpecFixtures.parse(SpecReaderTest.minimal() + "security: { writablePaths: [/var/lib/"
                + "a-rather-long-directory-name/with-another-long-directory-name-below-it] }\n");

        PodSpec pod = one(SpecRenderer.render(spec, "dev"), Deployment.class).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).singleElement().satisfies(v ->
                assertThat(v.getName()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
    }
}
