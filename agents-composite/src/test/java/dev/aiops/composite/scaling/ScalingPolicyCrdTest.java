package dev.aiops.composite.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart ships the CRD the build generates from the Java types, and the CRD validates what it should. */
class ScalingPolicyCrdTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8",
            "scalingpolicies.aiops.dev-v1.yml");
    private static final Path CHART = Path.of("..", "charts", "aiops", "crds", "scalingpolicies.aiops.dev-v1.yml");

    @Test
    void theChartsCrdIsTheGeneratedOne() throws Exception {
        assertThat(Files.readString(CHART))
                .as("copy %s to %s after changing the ScalingPolicy types", GENERATED, CHART)
                .isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void theExamplePolicyIsValid() throws Exception {
        dev.aiops.composite.scaling.crd.ScalingPolicy p = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                Files.readString(Path.of("..", "examples", "scaling-policy.yaml")),
                dev.aiops.composite.scaling.crd.ScalingPolicy.class);

        assertThat(PolicyProblems.of(p)).isEmpty();
        assertThat(p.getSpec().mode).isEqualTo(dev.aiops.composite.scaling.crd.ScalingPolicySpec.Mode.APPLY);
        assertThat(p.getSpec().targets.get(0).selector).isEqualTo("tier!=database");
    }

    @Test
    void theCrdValidatesModesBoundsAndDurationsAndShowsModePausedAndPending() throws Exception {
        JsonNode version = YAML.readTree(GENERATED.toFile()).path("spec").path("versions").get(0);
        JsonNode spec = version.path("schema").path("openAPIV3Schema").path("properties").path("spec");

        assertThat(spec.path("required").toString()).contains("targets");
        assertThat(spec.path("properties").path("mode").path("enum").toString())
                .contains("recommend", "dry-run", "apply");
        assertThat(spec.path("properties").path("mode").path("default").asString()).isEqualTo("recommend");
        assertThat(spec.path("properties").path("bounds").path("properties").path("maxUp").path("minimum")
                .asDouble()).isEqualTo(1.0);
        assertThat(spec.path("properties").path("window").path("pattern").asString()).isEqualTo("^[0-9]+[mhd]$");
        assertThat(version.path("subresources").has("status")).isTrue();
        assertThat(version.path("additionalPrinterColumns").findValuesAsString("name"))
                .contains("Mode", "Paused", "Pending");
    }
}
