package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.graph.CompositionGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorLoaderTest {

    static final String READER = """
            apiVersion: aiops.dev/v1
            kind: Agent
            name: k8s-cluster-reader
            tier: infrastructure
            version: 0.1.0
            description: Reads cluster state.
            services: [kubernetes-api]
            skills:
              - name: k8s.pods.list
                version: 1.2.0
                description: Lists pods.
                sideEffects: READ_ONLY
                idempotent: true
                sla: { timeout: 10s, p95Latency: 1500ms, availability: 99.5 }
                input:
                  type: object
                  required: [namespace]
                  properties:
                    namespace: { type: string }
                output:
                  type: object
            """;

    @Test
    void yamlAndBuilderProduceTheSameModel() {
        DescriptorSet loaded = DescriptorLoader.parse("reader.yaml", READER);

        AgentDescriptor built = AgentDescriptor.builder("k8s-cluster-reader").tier(Tier.INFRASTRUCTURE)
                .version("0.1.0").description("Reads cluster state.").service("kubernetes-api")
                .skill(SkillContract.builder("k8s.pods.list").version("1.2.0").description("Lists pods.")
                        .sla(new Sla(Duration.ofSeconds(10), Duration.ofMillis(1500), 99.5))
                        .input("{\"type\":\"object\",\"required\":[\"namespace\"],"
                                + "\"properties\":{\"namespace\":{\"type\":\"string\"}}}")
                        .output("{\"type\":\"object\"}").build())
                .build();

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.descriptors()).containsExactly(built);
    }

    @Test
    void reportsSchemaViolationsWithFileAndPointer() {
        String broken = READER.replace("sideEffects: READ_ONLY", "sideEffects: SOMETIMES")
                .replace("tier: infrastructure", "tier: platform")
                .replace("timeout: 10s", "timeout: soon");

        DescriptorSet loaded = DescriptorLoader.parse("skills/reader.yaml", broken);

        assertThat(loaded.descriptors()).isEmpty();
        assertThat(loaded.problems()).extracting(DescriptorProblem::pointer)
                .contains("/tier", "/skills/0/sideEffects", "/skills/0/sla/timeout");
        assertThat(loaded.problems()).allSatisfy(p -> assertThat(p.source()).isEqualTo("skills/reader.yaml"));
        assertThat(loaded.problems().get(0).toString()).startsWith("skills/reader.yaml at /");
    }

    @Test
    void reportsAnInvalidSkillSchemaWithItsPointer() {
        String broken = READER.replace("namespace: { type: string }", "namespace: { type: strin }");

        DescriptorSet loaded = DescriptorLoader.parse("r.yaml", broken);

        assertThat(loaded.problems()).extracting(DescriptorProblem::pointer)
                .anyMatch(p -> p.startsWith("/skills/0/input/properties/namespace/type"));
    }

    @Test
    void reportsAnSlaThatContradictsItself() {
        DescriptorSet loaded = DescriptorLoader.parse("r.yaml", READER.replace("p95Latency: 1500ms", "p95Latency: 1h"));

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/skills/0/sla");
            assertThat(p.message()).contains("must not exceed the timeout");
        });
    }

    @Test
    void reportsUnreadableYamlWithItsLine() {
        DescriptorSet loaded = DescriptorLoader.parse("bad.yaml", "name: [unclosed\nother: x\n");

        assertThat(loaded.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML").matches(".* \\(line \\d+\\)")
                        .doesNotContain("\n"));
    }

    @Test
    void oneBrokenFileDoesNotHideTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-reader.yaml"), READER);
        Files.writeString(dir.resolve("b-broken.yml"), "kind: Agent\n");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/c.yaml"), READER.replace("k8s-cluster-reader", "other-reader")
                .replace("k8s.pods.list", "k8s.nodes.list"));
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        DescriptorSet loaded = DescriptorLoader.loadDirectory(dir);

        assertThat(loaded.descriptors()).extracting(AgentDescriptor::name)
                .containsExactly("k8s-cluster-reader", "other-reader");
        assertThat(loaded.problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.source()).endsWith("b-broken.yml"));
        assertThat(loaded.hasProblems()).isTrue();
    }

    @Test
    void readsSeveralDocumentsFromOneFile() {
        String two = READER + "---\n" + READER.replace("k8s-cluster-reader", "second")
                .replace("k8s.pods.list", "k8s.events.list");

        assertThat(DescriptorLoader.parse("two.yaml", two).descriptors()).hasSize(2);
    }

    @Test
    void aProblemInOneDocumentOfSeveralNamesTheDocumentAndEmptyDocumentsAreSkipped() {
        String text = "---\n" + READER + "---\n---\n" + READER.replace("tier: infrastructure", "tier: galactic");

        DescriptorSet loaded = DescriptorLoader.parse("two.yaml", text);

        assertThat(loaded.descriptors()).extracting(AgentDescriptor::name).containsExactly("k8s-cluster-reader");
        // the broken one is the file's third document: the empty second one is skipped but still counted
        assertThat(loaded.problems()).extracting(DescriptorProblem::source).containsOnly("two.yaml#3");
        assertThat(DescriptorLoader.parse("one.yaml", READER.replace("tier: infrastructure", "tier: galactic"))
                .problems()).extracting(DescriptorProblem::source).containsOnly("one.yaml");
    }

    @Test
    void localRefsAreReadAndOthersAreProblemsWithTheirPointer() {
        String local = READER.replace("namespace: { type: string }", "namespace: { $ref: '#/$defs/name' }\n"
                + "      $defs: { name: { type: string } }");
        assertThat(DescriptorLoader.parse("local.yaml", local).problems()).isEmpty();

        DescriptorSet remote = DescriptorLoader.parse("remote.yaml",
                READER.replace("namespace: { type: string }", "namespace: { $ref: 'file:///etc/passwd' }"));
        assertThat(remote.descriptors()).isEmpty();
        assertThat(remote.problems()).extracting(DescriptorProblem::toString).containsExactly("remote.yaml at"
                + " /skills/0/input/properties/namespace/$ref: 'file:///etc/passwd' is not a local reference; only"
                + " references starting with '#' are allowed");
    }

    @Test
    void anEmptyFileIsAProblem() {
        assertThat(DescriptorLoader.parse("zero.yaml", "").problems()).extracting(DescriptorProblem::message)
                .containsExactly("the file is empty (0 bytes); a descriptor file holds at least one agent descriptor");
        assertThat(DescriptorLoader.parse("comments.yaml", "# nothing\n---\n").problems())
                .extracting(DescriptorProblem::message).containsExactly(
                        "the file holds no descriptor, only comments or empty documents");
    }

    @Test
    void aMissingDirectoryIsAProblemNotACrash(@TempDir Path dir) {
        DescriptorSet loaded = DescriptorLoader.loadDirectory(dir.resolve("absent"));

        assertThat(loaded.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not a readable directory"));
        assertThat(DescriptorLoader.loadClasspath("no/such/dir", getClass().getClassLoader()).problems()).hasSize(1);
    }

    /** The descriptors in the repository's skills/ are the spec: they must load and compose without errors. */
    @Test
    void theProjectsOwnDescriptorsAreValidAndCompose() {
        Path skills = Path.of("..", "skills");

        DescriptorSet loaded = DescriptorLoader.loadDirectory(skills);
        CompositionGraph graph = CompositionGraph.of(loaded.descriptors(),
                Set.of("kubernetes-api", "prometheus", "llm", "notifications"));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.descriptors()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(graph.violations()).isEmpty();
        assertThat(loaded.descriptors()).extracting(AgentDescriptor::tier)
                .contains(Tier.INFRASTRUCTURE, Tier.DOMAIN, Tier.COMPOSITE);
        List<String> names = loaded.descriptors().stream().map(AgentDescriptor::name).toList();
        assertThat(names).doesNotHaveDuplicates();
    }
}
