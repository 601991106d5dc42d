package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The model other agents read (runbooks, post-mortems): environments with their overrides applied, and the rest. */
class DeploymentSpecTest {

    private final DeploymentSpec spec = SpecFixtures.example("web-service.yaml");

    @Test
    void anEnvironmentOverridesReplicasAutoscalingResourcesAndLiterals() {
        EnvironmentSpec dev = spec.forEnvironment("dev");
        EnvironmentSpec staging = spec.forEnvironment("staging");

        assertThat(dev.namespace()).isEqualTo("orders-dev");
        assertThat(dev.autoscaling()).isNull();
        assertThat(dev.minReplicas()).isEqualTo(1);
        assertThat(dev.resources().requests()).containsEntry("cpu", "100m").containsEntry("memory", "128Mi");
        assertThat(dev.env()).filteredOn(v -> v.name().equals("LOG_LEVEL")).singleElement()
                .isEqualTo(DeploymentSpec.EnvVar.literal("LOG_LEVEL", "debug"));
        assertThat(staging.autoscaling()).isEqualTo(Autoscaling.of(2, 4, 70));
        assertThat(staging.minReplicas()).isEqualTo(2);
        assertThat(staging.resources()).isEqualTo(spec.resources());
        assertThat(staging.production()).isFalse();
        assertThat(spec.forEnvironment("production").production()).isTrue();
    }

    @Test
    void holdsWhatARunbookNeeds() {
        assertThat(spec.environments().keySet()).containsExactly("dev", "staging", "production");
        assertThat(spec.dependencies()).extracting(Dependency::name, d -> d.check().toString()).containsExactly(
                org.assertj.core.api.Assertions.tuple("orders-db", "tcp orders-db:5432"),
                org.assertj.core.api.Assertions.tuple("payments", "http https://payments.example.com/healthz"));
        assertThat(spec.migrations()).filteredOn(m -> !m.reversible()).singleElement()
                .satisfies(m -> assertThat(m.pointOfNoReturn()).startsWith("Once 0043 has run"));
        assertThat(spec.slos().availability().objective()).isEqualTo(99.9);
        assertThat(spec.slos().windowOrDefault()).isEqualTo("30d");
        assertThat(spec.rollout().rollbackTriggers()).isEqualTo(new Rollout.RollbackTriggers("10m", 2.0, 800));
        assertThat(spec.image().reference()).isEqualTo("ghcr.io/example/orders-api:2.14.1");
    }

    @Test
    void environmentsAreInPromotionOrderWhateverTheFilesOrder() {
        DeploymentSpec s = SpecFixtures.parse(SpecReaderTest.minimal().replace(
                "environments: { dev: { namespace: quotes-dev } }",
                "environments: { production: { namespace: q }, dev: { namespace: q-dev }, staging: { namespace: q-s } }"));

        assertThat(s.environments().keySet()).containsExactly("dev", "staging", "production");
        assertThat(s.forEnvironment("production").replicas()).isEqualTo(1);
        assertThat(s.probes().liveness()).isNull();
        assertThat(s.security()).isNotNull();
    }

    @Test
    void anImageMayBePinnedByDigest() {
        String digest = "sha256:" + "a".repeat(64);
        DeploymentSpec s = SpecFixtures.parse(SpecReaderTest.minimal().replace("tag: \"1.0\"", "digest: " + digest));

        assertThat(s.image().reference()).isEqualTo("ghcr.io/example/quotes@" + digest);
    }
}
