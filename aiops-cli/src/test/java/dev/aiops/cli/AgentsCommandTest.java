package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsCommandTest {

    static String agent(String name, String tier, String skill, String... deps) {
        StringBuilder sb = new StringBuilder("apiVersion: aiops.dev/v1\nkind: Agent\nname: " + name + "\ntier: " + tier
                + "\nversion: 1.0.0\n");
        if (deps.length > 0) {
            sb.append("dependsOn:\n");
            for (String d : deps) sb.append("  - { skill: ").append(d).append(", version: ^1.0 }\n");
        }
        sb.append("skills:\n  - name: ").append(skill).append("\n    version: 1.0.0\n    description: d\n"
                + "    sideEffects: READ_ONLY\n    idempotent: true\n    sla: { timeout: 5s }\n"
                + "    input: { type: object }\n    output: { type: object }\n");
        return sb.toString();
    }

    static Path write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
        return dir;
    }

    @Test
    void validatesTheBundledDescriptors() {
        CliRun r = CliRun.run(Map.of("OPENAI_API_KEY", "x"), "agents", "validate", "--service", "kubernetes-api");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid: 11 agents, 0 error(s)");
        assertThat(r.out()).doesNotContain("'llm'", "'kubernetes-api'").contains("'prometheus'");
    }

    @Test
    void printsEveryViolationOnItsOwnLineAndExitsOne(@TempDir Path dir) throws IOException {
        write(dir, "a.yaml", agent("a", "domain", "a.run", "b.run"));
        write(dir, "b.yaml", agent("b", "domain", "b.run", "a.run"));
        write(dir, "c.yaml", agent("c", "infrastructure", "c.run", "a.run"));
        write(dir, "broken.yaml", "apiVersion: aiops.dev/v1\nkind: Agent\nname: Broken\n");

        CliRun r = CliRun.run("agents", "validate", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines()).anyMatch(l -> l.startsWith("error CYCLE ") && l.contains(" -> "))
                .anyMatch(l -> l.startsWith("error UPWARD_CALL c:"))
                .anyMatch(l -> l.startsWith("error DESCRIPTOR ") && l.contains("broken.yaml at /name"))
                .anyMatch(l -> l.startsWith("invalid: 3 agents"));
    }

    @Test
    void rejectsADepthFourChain(@TempDir Path dir) throws IOException {
        write(dir, "r.yaml", agent("root", "composite", "root.run", "l1.run"));
        write(dir, "l1.yaml", agent("l1", "domain", "l1.run", "l2.run"));
        write(dir, "l2.yaml", agent("l2", "domain", "l2.run", "l3.run"));
        write(dir, "l3.yaml", agent("l3", "infrastructure", "l3.run", "l4.run"));
        write(dir, "l4.yaml", agent("l4", "infrastructure", "l4.run"));

        CliRun r = CliRun.run("agents", "validate", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("error DEPTH_EXCEEDED root: subagent depth 4 exceeds 3: root -> l1 -> l2 -> l3 -> l4");
    }

    @Test
    void listsAgentsByTier(@TempDir Path dir) throws IOException {
        write(dir, "a.yaml", agent("top", "composite", "top.run", "low.run"));
        write(dir, "b.yaml", agent("low", "infrastructure", "low.run"));

        CliRun r = CliRun.run("agents", "list", "--dir", dir.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out().indexOf("low ")).isLessThan(r.out().indexOf("top "));
        assertThat(r.out()).contains("low.run ^1.0", "2 agents, 2 skills");
    }

    @Test
    void drawsTheGraphInEachFormat(@TempDir Path dir) throws IOException {
        write(dir, "a.yaml", agent("top", "composite", "top.run", "low.run"));
        write(dir, "b.yaml", agent("low", "infrastructure", "low.run"));

        assertThat(CliRun.run("agents", "graph", "--dir", dir.toString()).out())
                .isEqualTo("top (composite)\n    -- low.run --> low (infrastructure)\n");
        assertThat(CliRun.run("agents", "graph", "--dir", dir.toString(), "--format", "dot").out())
                .contains("digraph agents", "subgraph cluster_composite", "\"top\" -> \"low\" [label=\"low.run\"]");
        assertThat(CliRun.run("agents", "graph", "--dir", dir.toString(), "--format", "mermaid").out())
                .startsWith("flowchart TD").contains("top -->|low.run| low");
        CliRun bad = CliRun.run("agents", "graph", "--format", "svg");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'svg'");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRun.run("agents", "frobnicate").exit()).isEqualTo(2);
        assertThat(CliRun.run("--version").out()).startsWith("aiops ");
    }

    @Test
    void detectsConfiguredServicesFromTheEnvironment() {
        assertThat(ConfiguredServices.detect(Map.of("KUBECONFIG", "/k", "AIOPS_PROMETHEUS_URL", "http://p"),
                java.util.List.of("x"))).containsExactlyInAnyOrder("x", "kubernetes-api", "prometheus");
        assertThat(ConfiguredServices.detect(Map.of("OPENAI_API_KEY", "k"), java.util.List.of())).containsExactly("llm");
    }

    @Test
    void refusesAnEmptyFolderAZeroByteDescriptorAndExternalRefs(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun none = CliRun.run("agents", "validate", empty.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().lines()).singleElement().asString().contains(empty.toString(), "is empty");
        CliRun absent = CliRun.run("agents", "validate", dir.resolve("absent").toString());
        assertThat(absent.exit()).isEqualTo(2);
        assertThat(absent.err()).contains("absent is not a directory");

        Path bad = Files.createDirectory(dir.resolve("bad"));
        write(bad, "a.yaml", agent("a", "domain", "a.run"));
        write(bad, "zero.yaml", "");
        write(bad, "remote.yaml", agent("r", "domain", "r.run").replace("input: { type: object }",
                "input: { type: object, properties: { x: { $ref: 'https://evil.example/s.json' } } }")
                .replace("output: { type: object }", "output: { $ref: 'other.json#/defs/o' }"));
        CliRun r = CliRun.run("agents", "validate", bad.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines())
                .anyMatch(l -> l.startsWith("error DESCRIPTOR ") && l.contains("zero.yaml: the file is empty (0 bytes)"))
                .anyMatch(l -> l.contains("remote.yaml at /skills/0/input/properties/x/$ref: 'https://evil.example/s.json'"
                        + " is not a local reference"))
                .anyMatch(l -> l.contains("remote.yaml at /skills/0/output/$ref: 'other.json#/defs/o'"))
                .anyMatch(l -> l.startsWith("invalid: 1 agents, 3 error(s)"));
    }
}
