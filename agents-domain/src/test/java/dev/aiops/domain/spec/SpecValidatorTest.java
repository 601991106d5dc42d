package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Violations are what {@code aiops diagnose} finds in the objects a spec renders, environment by environment: the
 * diagnosis' own policy code, not a copy of its rules.
 */
class SpecValidatorTest {

    static final Path VIOLATIONS = SpecFixtures.SPECS.resolve("policy-violations.yaml");

    private final SpecValidator validator = SpecValidator.standard();

    @Test
    void reportsTheLatestTagMissingProbesAndALiteralPasswordWithEnvironmentAndObject() {
        DeploymentSpec spec = SpecFixtures.valid(VIOLATIONS);

        List<SpecViolation> dev = validator.violations(spec, "dev");

        ObjectRef deployment = new ObjectRef("Deployment", "quotes-dev", "quotes");
        assertThat(dev).allMatch(v -> v.environment().equals("dev") && v.object().equals(deployment)
                        && v.category() == Category.PolicyViolation && v.severity() == Severity.LOW)
                .extracting(SpecViolation::message).containsExactly(
                        "container quotes uses the mutable tag :latest (ghcr.io/example/quotes:latest)",
                        "container quotes sets DB_PASSWORD to a literal value (reference a Secret: valueFrom.secretKeyRef)",
                        "container quotes has no livenessProbe",
                        "container quotes has no readinessProbe");
        assertThat(dev.get(0)).hasToString("[dev] Deployment quotes-dev/quotes: container quotes uses the mutable tag"
                + " :latest (ghcr.io/example/quotes:latest) (PolicyViolation, low)");
    }

    @Test
    void checksEachEnvironmentAsItIsRendered() {
        DeploymentSpec spec = SpecFixtures.valid(VIOLATIONS);

        List<SpecViolation> all = validator.violations(spec);

        // 3 replicas without a disruption budget matter in production only; dev runs 1
        assertThat(all).extracting(SpecViolation::environment).containsOnly("dev", "production");
        assertThat(all).filteredOn(v -> v.message().contains("PodDisruptionBudget"))
                .extracting(SpecViolation::environment, SpecViolation::object)
                .containsExactly(tuple("production", new ObjectRef("Deployment", "quotes", "quotes")));
    }

    @Test
    void validatesAFileAndFailsAtTheThresholdGiven() {
        SpecValidation bad = validator.validate(VIOLATIONS);
        SpecValidation example = validator.validate(SpecFixtures.EXAMPLES.resolve("web-service.yaml"));

        assertThat(bad.problems()).isEmpty();
        assertThat(bad.failsAt(Severity.INFO)).isTrue();
        assertThat(bad.failsAt(Severity.LOW)).isTrue();
        assertThat(bad.failsAt(Severity.MEDIUM)).isFalse();
        assertThat(bad.failsAt(null)).isFalse();
        assertThat(example.problems()).isEmpty();
        assertThat(example.violations()).isEmpty();
        assertThat(example.failsAt(Severity.INFO)).isFalse();
    }

    @Test
    void aFileWithSchemaErrorsHasNoViolationsButAlwaysFails() {
        SpecValidation v = validator.validate(SpecFixtures.SPECS.resolve("wrong-types-and-unknown-fields.yaml"));

        assertThat(v.readable()).isTrue();
        assertThat(v.problems()).isNotEmpty();
        assertThat(v.violations()).isEmpty();
        assertThat(v.failsAt(null)).isTrue();
    }

    @Test
    void findsAutoscalersThatCannotWorkThroughTheSameDiagnosis() {
        DeploymentSpec spec = SpecFixtures.parse(SpecReaderTest.minimal().replace("environments:", """
                probes:
                  liveness: { tcp: { port: 8080 } }
                  readiness: { tcp: { port: 8080 } }
                resources: { limits: { memory: 256Mi } }
                autoscaling: { minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercent: 70 }
                environments:"""));

        assertThat(validator.violations(spec, "dev")).filteredOn(v -> v.category() == Category.HPAMisconfigured)
                .singleElement().satisfies(v -> {
                    assertThat(v.object()).isEqualTo(new ObjectRef("HorizontalPodAutoscaler", "quotes-dev", "quotes"));
                    assertThat(v.severity()).isEqualTo(Severity.MEDIUM);
                    assertThat(v.message()).contains("sets no cpu request");
                });
    }

    @Test
    void aDisruptionBudgetThatBlocksEveryDrainIsFoundFromTheReplicasItCovers() throws java.io.IOException {
        // the example's comment: with one pod, minAvailable: 1 would block every drain of its node
        String postgres = java.nio.file.Files.readString(SpecFixtures.EXAMPLES.resolve("postgres.yaml"));
        DeploymentSpec blocking = SpecFixtures.parse(postgres.replace("  maxUnavailable: 1", "  minAvailable: 1"));

        assertThat(validator.violations(blocking)).extracting(SpecViolation::environment, SpecViolation::object,
                        SpecViolation::category)
                .containsExactly(
                        tuple("dev", new ObjectRef("PodDisruptionBudget", "orders-dev", "orders-db"), Category.PDBBlocking),
                        tuple("staging", new ObjectRef("PodDisruptionBudget", "orders-staging", "orders-db"),
                                Category.PDBBlocking),
                        tuple("production", new ObjectRef("PodDisruptionBudget", "orders", "orders-db"),
                                Category.PDBBlocking));
        assertThat(validator.violations(blocking, "dev").get(0).message())
                .isEqualTo("minAvailable 1 is at least the 1 pods it covers, so no pod may ever be evicted and node"
                        + " drains hang");
    }

    @Test
    void anAutoscalersMinimumCountsAsThePodsABudgetCovers() throws java.io.IOException {
        String web = java.nio.file.Files.readString(SpecFixtures.EXAMPLES.resolve("web-service.yaml"));
        DeploymentSpec spec = SpecFixtures.parse(web.replace("  maxUnavailable: 1\nslos:", "  minAvailable: 3\nslos:"));

        // production and staging scale from 3 and 2 pods: a budget of 3 blocks both; dev runs 1
        assertThat(validator.violations(spec)).filteredOn(v -> v.category() == Category.PDBBlocking)
                .extracting(SpecViolation::environment).containsExactly("dev", "staging", "production");
        DeploymentSpec roomy = SpecFixtures.parse(web.replace("  maxUnavailable: 1\nslos:", "  minAvailable: 2\nslos:")
                .replace("autoscaling: { minReplicas: 2, maxReplicas: 4 }", "autoscaling: { minReplicas: 3, maxReplicas: 4 }")
                .replace("    replicas: 1\n", "    replicas: 3\n"));
        assertThat(validator.violations(roomy)).isEmpty();
    }
}
