package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Logback configures itself once per JVM, so the log format is checked in a fresh one. */
class JsonLogTest {

    @Test
    void everyJsonLogLineCarriesCorrelationAgentAndSkill() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AiopsCommand.class.getName(),
                "--log-format", "json", "-v", "diagnose", "--from-dump", DiagnoseCommandTest.CRASHLOOP.toString(),
                "-o", "json").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        JsonMapper json = JsonMapper.builder().build();
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertThat(node.path("correlationId").asString()).hasSize(36);
            assertThat(node.path("agent").asString()).isEqualTo("aiops-cli");
            assertThat(node.path("skill").asString()).isEqualTo("diagnose");
        }
        assertThat(lines).anyMatch(l -> l.contains("diagnosed 118 objects"));
    }
}
