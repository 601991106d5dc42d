package dev.aiops.domain.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aiops.core.contract.JsonSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** A spec file is checked against its schema, every problem named by JSON pointer and line, none thrown. */
class SpecReaderTest {

    @Test
    void theSchemaIsAValid2020_12SchemaThatForbidsUnknownFieldsEverywhere() throws IOException {
        var schema = JsonMapper.builder().build().readTree(Files.readString(Path.of("..", "skills", "schema",
                "deployment-spec.schema.json")));

        assertThat(JsonSchema.metaViolations(schema)).isEmpty();
        assertThat(SpecReader.schema().node()).isEqualTo(schema);
        assertClosed(schema, "");
    }

    /** Every object schema says what else it takes: nothing, or values of one schema (a map). */
    private static void assertClosed(tools.jackson.databind.JsonNode node, String at) {
        if (node.isObject() && "object".equals(node.path("type").asString(""))) {
            tools.jackson.databind.JsonNode extra = node.get("additionalProperties");
            assertThat(extra).as("additionalProperties at %s", at).isNotNull();
            assertThat(extra.isObject() || extra.isBoolean() && !extra.asBoolean()).as("at %s", at).isTrue();
        }
        if (node.isContainer()) {
            for (var e : node.properties()) assertClosed(e.getValue(), at + "/" + e.getKey());
            for (int i = 0; node.isArray() && i < node.size(); i++) assertClosed(node.get(i), at + "/" + i);
        }
    }

    @Test
    void theExamplesReadWithNoProblemAtAll() {
        for (String file : SpecFixtures.EXAMPLE_FILES) {
            SpecRead read = SpecReader.read(SpecFixtures.EXAMPLES.resolve(file));

            assertThat(read.problems()).as(file).isEmpty();
            assertThat(read.valid()).isTrue();
        }
    }

    @Test
    void namesEachWrongTypeAndUnknownFieldByPointerAndLine() {
        SpecRead read = SpecReader.read(SpecFixtures.SPECS.resolve("wrong-types-and-unknown-fields.yaml"));

        assertThat(read.spec()).isNull();
        assertThat(read.readable()).isTrue();
        assertThat(read.problems()).allMatch(p -> p.kind() == SpecProblem.Kind.SCHEMA)
                .allMatch(p -> p.source().endsWith("wrong-types-and-unknown-fields.yaml"))
                .extracting(SpecProblem::pointer, SpecProblem::line)
                .containsExactly(
                        tuple("/service/pager", 7),
                        tuple("/image/tag", 11),
                        tuple("/ports/0/port", 14),
                        tuple("/env/0/default", 18),
                        tuple("/replicas", 19),
                        tuple("/autoscaling/targetCPUUtilizationPercent", 20),
                        tuple("/autoscaling/targetCPU", 23),
                        tuple("/slos/availability/objective", 27),
                        tuple("/environments/production/region", 32));
        assertThat(read.problems()).extracting(SpecProblem::message).contains(
                "property 'pager' is not defined in the schema and the schema does not allow additional properties",
                "number found, string expected",
                "string found, integer expected",
                "required property 'targetCPUUtilizationPercent' not found");
        assertThat(read.problems().get(0)).hasToString(read.problems().get(0).source()
                + ":7: /service/pager: property 'pager' is not defined in the schema and the schema does not allow"
                + " additional properties");
    }

    @Test
    void saysWhichOfSeveralFieldsToGiveInsteadOfCountingProperties() {
        SpecRead read = SpecReader.parse("choices.yaml", """
                apiVersion: aiops.dev/v1
                kind: DeploymentSpec
                service: { name: quotes, team: pricing }
                workload: stateless
                image: { repository: ghcr.io/example/quotes }
                env:
                  - name: DB_PASSWORD
                    value: x
                    secretKeyRef: { name: quotes-db, key: password }
                probes:
                  liveness: {}
                disruptionBudget: { minAvailable: 1, maxUnavailable: 1 }
                environments: { dev: { namespace: quotes-dev } }
                """);

        assertThat(read.problems()).extracting(SpecProblem::pointer, SpecProblem::message).containsExactly(
                tuple("/image", "give a tag, a digest or both"),
                tuple("/env/0", "give exactly one of value, configMapKeyRef and secretKeyRef"),
                tuple("/probes/liveness", "give exactly one of http, tcp and exec"),
                tuple("/disruptionBudget", "give exactly one of minAvailable and maxUnavailable"));
    }

    @Test
    void anIrreversibleMigrationNeedsItsPointOfNoReturn() {
        SpecRead read = SpecReader.parse("m.yaml", minimal() + """
                migrations:
                  - { name: 0043-drop-column, reversible: false }
                """);

        assertThat(read.problems()).extracting(SpecProblem::pointer).containsExactly("/migrations/0/pointOfNoReturn");
    }

    @Test
    void reportsFieldsThatContradictEachOther() {
        SpecRead read = SpecReader.parse("c.yaml", """
                apiVersion: aiops.dev/v1
                kind: DeploymentSpec
                service: { name: quotes, team: pricing }
                workload: stateless
                image: { repository: ghcr.io/example/quotes, tag: "1.0" }
                ports: [{ name: http, port: 8080 }, { name: http, port: 8081 }]
                probes:
                  readiness: { http: { path: /ready, port: web } }
                env: [{ name: A, value: "1" }, { name: A, value: "2" }]
                autoscaling: { minReplicas: 5, maxReplicas: 2, targetCPUUtilizationPercent: 70 }
                security: { writablePaths: [/tmp, /tmp] }
                storage: [{ name: data, mountPath: /data, size: 1Gi }]
                environments:
                  dev: { namespace: quotes-dev, autoscaling: { maxReplicas: 1 } }
                """);

        assertThat(read.spec()).isNull();
        assertThat(read.problems()).allMatch(p -> p.kind() == SpecProblem.Kind.CONSISTENCY)
                .extracting(SpecProblem::pointer, SpecProblem::message).containsExactly(
                        tuple("/ports/1/name", "port name http is declared twice"),
                        tuple("/probes/readiness/http/port", "port web is not one of ports (http)"),
                        tuple("/env/1/name", "variable A is declared twice"),
                        tuple("/autoscaling/minReplicas", "minReplicas 5 is greater than maxReplicas 2"),
                        tuple("/security/writablePaths/1", "/tmp is already mounted by /security/writablePaths/0"),
                        tuple("/storage", "storage needs workload: stateful (a StatefulSet gives each pod its own"
                                + " claim; a Deployment's pods would share one)"),
                        tuple("/environments/dev/autoscaling/minReplicas", "minReplicas 5 is greater than maxReplicas 1"));
    }

    @Test
    void statefulWorkloadsTakeNoSurgeAndAnEnvironmentCannotHalfEnableAutoscaling() {
        SpecRead read = SpecReader.parse("s.yaml", """
                apiVersion: aiops.dev/v1
                kind: DeploymentSpec
                service: { name: db, team: data }
                workload: stateful
                image: { repository: postgres, tag: "17.2" }
                rollout: { maxSurge: 1, progressDeadlineSeconds: 300 }
                environments:
                  dev: { namespace: data-dev, autoscaling: { minReplicas: 1 } }
                """);

        assertThat(read.problems()).extracting(SpecProblem::pointer).containsExactly(
                "/rollout/maxSurge", "/rollout/progressDeadlineSeconds", "/environments/dev/autoscaling");
    }

    @Test
    void aFileThatCannotBeReadOrIsNotYamlIsUnreadableAndSaysWhy(@TempDir Path dir) throws IOException {
        SpecRead missing = SpecReader.read(dir.resolve("nope.yaml"));
        SpecRead directory = SpecReader.read(dir);
        SpecRead broken = SpecReader.read(Files.writeString(dir.resolve("broken.yaml"), "service: [\n"));
        SpecRead empty = SpecReader.read(Files.writeString(dir.resolve("empty.yaml"), "# nothing\n"));

        assertThat(missing.readable()).isFalse();
        assertThat(missing.problems()).singleElement().hasToString(dir.resolve("nope.yaml") + ": no such file");
        assertThat(directory.problems()).singleElement().extracting(SpecProblem::message)
                .isEqualTo("is a directory, not a spec file");
        assertThat(broken.readable()).isFalse();
        assertThat(broken.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SpecProblem.Kind.UNREADABLE);
            assertThat(p.line()).isPositive();
            assertThat(p.message()).startsWith("not valid YAML: ");
        });
        assertThat(empty.problems()).singleElement().extracting(SpecProblem::message).isEqualTo("holds no YAML document");
    }

    @Test
    void aFileHoldsOneSpec() {
        SpecRead read = SpecReader.parse("two.yaml", minimal() + "---\n" + minimal());

        assertThat(read.readable()).isTrue();
        assertThat(read.problems()).singleElement().extracting(SpecProblem::message)
                .isEqualTo("holds 2 YAML documents; a spec file holds one spec");
    }

    static String minimal() {
        return """
                apiVersion: aiops.dev/v1
                kind: DeploymentSpec
                service: { name: quotes, team: pricing }
                workload: stateless
                image: { repository: ghcr.io/example/quotes, tag: "1.0" }
                environments: { dev: { namespace: quotes-dev } }
                """;
    }
}
