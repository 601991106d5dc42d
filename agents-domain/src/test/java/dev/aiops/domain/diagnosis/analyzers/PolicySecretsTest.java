package dev.aiops.domain.diagnosis.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.Severity;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A secret written into a workload's environment in plain text breaks policy; one read from a Secret does not. */
class PolicySecretsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<Finding> diagnose(String... literalNames) {
        ObjectNode d = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", "quotes").put("namespace", "pricing");
        ObjectNode c = d.putObject("spec").putObject("template").putObject("spec").putArray("containers").addObject()
                .put("name", "quotes").put("image", "quotes:1.0");
        c.putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "64Mi");
        c.withObject("resources").putObject("limits").put("memory", "64Mi");
        c.putObject("livenessProbe").putObject("tcpSocket").put("port", 80);
        c.putObject("readinessProbe").putObject("tcpSocket").put("port", 80);
        ArrayNode env = c.putArray("env");
        for (String name : literalNames) env.addObject().put("name", name).put("value", "s3cr3t");
        env.addObject().put("name", "API_TOKEN").putObject("valueFrom").putObject("secretKeyRef")
                .put("name", "quotes").put("key", "token");
        ClusterSnapshot snapshot = ClusterSnapshot.builder(new ClusterSnapshot.Source("dump", "test")).add(d).build();
        return Diagnoser.standard().diagnose(snapshot, Set.of(), Set.of(Category.PolicyViolation)).findings();
    }

    @Test
    void aPasswordTokenOrKeyAsALiteralValueIsASecurityViolation() {
        List<Finding> findings = diagnose("DB_PASSWORD", "PGPASSWORD", "STRIPE_API_KEY", "TOKEN_URL", "PASSWORD_MIN_LENGTH");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.evidence()).extracting(Evidence::text).containsExactly(
                    "container quotes sets DB_PASSWORD to a literal value (reference a Secret: valueFrom.secretKeyRef)",
                    "container quotes sets PGPASSWORD to a literal value (reference a Secret: valueFrom.secretKeyRef)",
                    "container quotes sets STRIPE_API_KEY to a literal value (reference a Secret: valueFrom.secretKeyRef)");
        });
    }

    @Test
    void secretsReadFromASecretAndOrdinaryLiteralsAreFine() {
        assertThat(diagnose("LOG_LEVEL")).isEmpty();
    }
}
