package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile snapshot files, read as {@code aiops diagnose --snapshot} reads them: a JSON List file (streamed onto a
 * tape), a YAML file and a dump directory's {@code logs.txt}. Reading gives a snapshot or a
 * {@link SnapshotException} (exit 2 with its message), never another exception; every object read prints as a
 * JSON object, no Secret keeps a value, and no log line shows a Secret's value. Seeds: files of the sample dumps.
 */
class SnapshotFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The value of the Secret in {@link #SECRETS}, base64-decoded; it must never reach a log line. */
    private static final String SECRET_VALUE = "hunter2-secret";
    private static final String SECRETS = """
            {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret",
              "metadata":{"name":"db","namespace":"shop"},"data":{"password":"aHVudGVyMi1zZWNyZXQ="}}]}""";
    private static final Path DIR = directory();

    private static Path directory() {
        try {
            return Files.createTempDirectory("snapshot-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void aJsonListFileIsObjectsOrASnapshotException(byte[] input) throws IOException {
        readFile("pods.json", input);
    }

    @FuzzTest(maxDuration = "2m")
    void aYamlFileIsObjectsOrASnapshotException(byte[] input) throws IOException {
        readFile("objects.yaml", input);
    }

    @FuzzTest(maxDuration = "2m")
    void aDumpsLogsAreReadWithSecretValuesRedacted(byte[] input) throws IOException {
        Path dump = DIR.resolve("dump");
        Files.createDirectories(dump.resolve("shop/api-1"));
        Files.writeString(dump.resolve("shop/secrets.json"), SECRETS);
        Files.write(dump.resolve("shop/api-1/logs.txt"), input);

        ClusterSnapshot snapshot = SnapshotReader.read(dump, 1);

        assertThat(snapshot.objects("Secret")).hasSize(1);
        for (String pod : List.of("api-1", "api-2")) {
            for (Map.Entry<String, List<String>> container : snapshot.logs("shop", pod).entrySet()) {
                assertThat(container.getValue()).noneMatch(line -> line.contains(SECRET_VALUE));
            }
        }
    }

    private static void readFile(String name, byte[] input) throws IOException {
        Path file = DIR.resolve(name);
        Files.write(file, input);
        ClusterSnapshot snapshot;
        try {
            snapshot = SnapshotReader.read(file, 1);
        } catch (SnapshotException refused) {
            assertThat(refused.getMessage()).startsWith(file.toString());
            return;
        }
        assertThat(snapshot.objectCount()).isPositive();
        for (String kind : snapshot.kinds()) {
            for (JsonNode o : snapshot.objects(kind)) {
                assertThat(JSON.readTree(o.toString()).isObject()).isTrue();
                if (kind.equals("Secret")) {
                    assertThat(o.path("data").valueStream()).allMatch(v -> LogRedactor.MASK.equals(v.asString()));
                }
            }
        }
    }
}
