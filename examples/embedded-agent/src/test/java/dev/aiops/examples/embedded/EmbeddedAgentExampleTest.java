package dev.aiops.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedAgentExampleTest {

    @Test
    void computesTheReportThroughTheSubagentAndExplainsBadInput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        EmbeddedAgentExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("{\"app\":\"checkout\",\"pods\":2,\"cpuMillis\":500}");
        assertThat(out).contains("path=capacity-report");
        assertThat(out).contains("INVALID_INPUT", "/app:", "/application:");
    }
}
