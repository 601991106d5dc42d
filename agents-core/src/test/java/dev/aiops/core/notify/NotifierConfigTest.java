package dev.aiops.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The notifications section of config.yaml. */
class NotifierConfigTest {

    @TempDir
    Path dir;

    Path write(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void noFileMeansANotifierThatSendsNothing() throws Exception {
        try (Notifier n = Notifier.fromConfig(dir.resolve("missing.yaml"), System.out)) {
            assertThat(n.sinkNames()).isEmpty();
            assertThat(n.notify(NotifierTest.note("x"))).isCompleted();
        }
        try (Notifier n = Notifier.fromConfig(write("llm:\n  model: gpt-4o-mini\n"), System.out)) {
            assertThat(n.sinkNames()).isEmpty();
        }
        try (Notifier n = Notifier.fromConfig(write("notifications:\n"), System.out)) {
            assertThat(n.sinkNames()).isEmpty();
        }
    }

    @Test
    void readsTheReadmeExample() throws Exception {
        Path file = write("""
                notifications:
                  sinks:
                    - { type: slack, url: https://hooks.slack.com/services/T/B/X }
                    - { type: webhook, url: http://127.0.0.1:9000/events, headers: { Authorization: "Bearer abc" }, source: aiops/oncall }
                    - { type: stdout }
                  retry: { attempts: 4, initialBackoff: 500ms }
                """);

        NotificationConfig.Parsed parsed = NotificationConfig.read(file, System.out);

        assertThat(parsed.retry()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(500), 2.0));
        try (Notifier n = Notifier.fromConfig(file, System.out)) {
            assertThat(n.sinkNames()).containsExactly("slack(hooks.slack.com)", "webhook(127.0.0.1:9000)", "stdout");
        }
    }

    @Test
    void retryDefaultsAndMultiplier() throws Exception {
        Path file = write("notifications:\n  sinks: [ { type: stdout } ]\n  retry: { initialBackoff: 2s, multiplier: 3 }\n");
        assertThat(NotificationConfig.read(file, System.out).retry())
                .isEqualTo(new RetryPolicy(4, Duration.ofSeconds(2), 3.0));
        file = write("notifications:\n  sinks: [ { type: stdout } ]\n");
        assertThat(NotificationConfig.read(file, System.out).retry()).isEqualTo(RetryPolicy.defaults());
    }

    @Test
    void aStdoutSinkWritesToTheGivenStream() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path file = write("notifications:\n  sinks:\n    - { type: stdout }\n");
        try (Notifier n = Notifier.fromConfig(file, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            n.notify(new Notification("dev.aiops.action.executed", null, "Scaled web", "3 -> 5 replicas", "info",
                    Map.of(), null)).get(5, TimeUnit.SECONDS);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("[notify] info Scaled web: 3 -> 5 replicas");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'notifications: [1]'                                                        | notifications: must be a mapping",
        "'notifications: { sink: [] }'                                               | notifications.sink: is not a known field",
        "'notifications: { sinks: { type: slack } }'                                 | notifications.sinks: must be a list",
        "'notifications: { sinks: [ stdout ] }'                                      | notifications.sinks[0]: must be a mapping",
        "'notifications: { sinks: [ { url: \"https://x.example\" } ] }'              | notifications.sinks[0].type: is missing",
        "'notifications: { sinks: [ { type: pager } ] }'                             | notifications.sinks[0].type: unknown sink type 'pager'",
        "'notifications: { sinks: [ { type: stdout }, { type: slack } ] }'           | notifications.sinks[1].url: is missing",
        "'notifications: { sinks: [ { type: stdout }, { type: slack, url: 42 } ] }'  | notifications.sinks[1].url: must be a string",
        "'notifications: { sinks: [ { type: stdout }, { type: webhook, url: \"ftp://h/SECRET\" } ] }' | notifications.sinks[1].url: must be an absolute http or https URL",
        "'notifications: { sinks: [ { type: slack, url: \"https://h/a b SECRET\" } ] }' | notifications.sinks[0].url: is not a valid URL",
        "'notifications: { sinks: [ { type: stdout, url: \"https://h\" } ] }'        | notifications.sinks[0].url: is not a known field",
        "'notifications: { sinks: [ { type: webhook, url: \"https://h\", headers: [ a ] } ] }' | notifications.sinks[0].headers: must be a mapping",
        "'notifications: { sinks: [ { type: webhook, url: \"https://h\", headers: { X-A: { b: c } } } ] }' | notifications.sinks[0].headers.X-A: must be a string",
        "'notifications: { sinks: [ { type: webhook, url: \"https://h\", headers: { Host: SECRET } } ] }' | notifications.sinks[0].headers.Host: header Host cannot be sent",
        "'notifications: { sinks: [ { type: webhook, url: \"https://h\", source: [ x ] } ] }' | notifications.sinks[0].source: must be a string",
        "'notifications: { retry: 3 }'                                               | notifications.retry: must be a mapping",
        "'notifications: { retry: { attempts: zero } }'                              | notifications.retry.attempts: must be a whole number",
        "'notifications: { retry: { attempts: 0 } }'                                 | notifications.retry.attempts: must be a whole number",
        "'notifications: { retry: { initialBackoff: soon } }'                        | notifications.retry.initialBackoff: 'soon' is not a duration",
        "'notifications: { retry: { multiplier: 0.5 } }'                             | notifications.retry.multiplier: must be a number of at least 1",
        "'notifications: { retry: { jitter: 1 } }'                                   | notifications.retry.jitter: is not a known field",
        "'notifications: { sinks: [ { type: slack'                                   | not valid YAML",
    })
    void badConfigNamesTheFileAndTheField(String yaml, String expected) throws Exception {
        Path file = write(yaml);
        assertThatThrownBy(() -> Notifier.fromConfig(file, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(expected)
                .hasMessageNotContaining("SECRET");
    }
}
