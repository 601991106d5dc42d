package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SnapshotReaderTest {

    private static final String PODS = """
            {"kind":"PodList","apiVersion":"v1","items":[
              {"metadata":{"name":"api-1","namespace":"shop","labels":{"app":"api"}},"spec":{},"status":{"phase":"Running"}},
              {"metadata":{"name":"api-2","namespace":"shop"},"spec":{},"status":{"phase":"Pending"}}]}""";
    private static final String SECRETS = """
            {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret",
              "metadata":{"name":"db","namespace":"shop"},"data":{"password":"aHVudGVyMi1zZWNyZXQ="}}]}""";
    private static final String LOGS = """
            ==== START logs for container api of pod shop/api-1 ====
            connecting as app with hunter2-secret
            ready
            ==== END logs for container api of pod shop/api-1 ====
            """;

    private static Path dump(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("shop/api-1"));
        Files.writeString(dir.resolve("nodes.json"), "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"n1\"}}]}");
        Files.writeString(dir.resolve("shop/pods.json"), PODS);
        Files.writeString(dir.resolve("shop/secrets.json"), SECRETS);
        Files.writeString(dir.resolve("shop/events.json"), "{\"kind\":\"EventList\",\"items\":[]}");
        Files.writeString(dir.resolve("shop/api-1/logs.txt"), LOGS);
        return dir;
    }

    @Test
    void readsTheClusterInfoDumpLayout(@TempDir Path dir) throws IOException {
        ClusterSnapshot s = SnapshotReader.read(dump(dir));

        assertThat(s.objects("Pod")).hasSize(2);
        assertThat(s.objects("Node")).extracting(K8s::name).containsExactly("n1");
        assertThat(s.get("Pod", "shop", "api-1").path("kind").asString()).isEqualTo("Pod");
        assertThat(s.namespaces()).containsExactly("shop");
        assertThat(s.source().type()).isEqualTo("dump");
        assertThat(s.logs("shop", "api-1")).containsKey("api");
        assertThat(s.objectCount()).isEqualTo(4);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void readsEveryContainerOfALogFileAndSkipsWhatLiesOutsideTheBlocks(@TempDir Path dir) throws IOException {
        dump(dir);
        Files.writeString(dir.resolve("shop/api-1/logs.txt"), """
                ==== START logs for container init of pod shop/api-1 ====
                migrated
                ==== END logs for container init of pod shop/api-1 ====
                stray line
                ==== START logs for container api of pod shop/api-1 ====
                one hunter2-secret
                two
                ==== END logs for container api of pod shop/api-1 ====
                """);

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.logs("shop", "api-1")).containsOnlyKeys("init", "api");
        assertThat(s.logs("shop", "api-1").get("init")).containsExactly("migrated");
        assertThat(s.logs("shop", "api-1").get("api")).containsExactly("one [REDACTED]", "two");
        assertThat(s.containerLogs("shop", "api-1").get("api").tail(1)).containsExactly("two");
    }

    @Test
    void ofALogFileOverTheLimitOnlyTheEndIsRead(@TempDir Path dir) throws IOException {
        dump(dir);
        StringBuilder log = new StringBuilder("==== START logs for container api of pod shop/api-1 ====\n");
        int lines = 0;
        int max = 2 * 1024 * 1024;
        while (log.length() < max + 100_000) log.append("line ").append(lines++).append(" ok\n");
        log.append("==== END logs for container api of pod shop/api-1 ====\n");
        Files.writeString(dir.resolve("shop/api-1/logs.txt"), log);

        java.util.List<String> read = SnapshotReader.read(dir, new ReadLimits(ReadLimits.defaults().maxFileBytes(), max))
                .logs("shop", "api-1").get("api");

        assertThat(read.get(read.size() - 1)).isEqualTo("line " + (lines - 1) + " ok");
        assertThat(read.get(0)).matches("line \\d+ ok").isNotEqualTo("line 0 ok");
        assertThat(read.size()).isLessThan(lines).isGreaterThan(lines * 9 / 10);
    }

    @Test
    void keepsSecretKeysButNotTheirValuesAndRedactsThemFromLogs(@TempDir Path dir) throws IOException {
        ClusterSnapshot s = SnapshotReader.read(dump(dir));

        assertThat(s.get("Secret", "shop", "db").path("data").path("password").asString()).isEqualTo(LogRedactor.MASK);
        assertThat(s.logs("shop", "api-1").get("api")).containsExactly("connecting as app with [REDACTED]", "ready");
    }

    @Test
    void skipsBrokenFilesWithAWarningAndReadsTheRest(@TempDir Path dir) throws IOException {
        dump(dir);
        Files.writeString(dir.resolve("shop/deployments.json"), "{\"kind\":\"DeploymentList\",\"items\":[");
        Files.writeString(dir.resolve("shop/notes.json"), "[1,2,3]");

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.objects("Pod")).hasSize(2);
        assertThat(s.warnings()).extracting(SnapshotWarning::location)
                .containsExactlyInAnyOrder("shop/deployments.json", "shop/notes.json");
        assertThat(s.warnings()).allSatisfy(w -> assertThat(w.reason()).startsWith("not"));
    }

    @Test
    void readsOneListFileAndMultiDocumentYaml(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("all.json");
        Files.writeString(list, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"name\":\"p\",\"namespace\":\"a\"}},{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\","
                + "\"namespace\":\"a\"}}]}");
        Path yaml = dir.resolve("objects.yaml");
        Files.writeString(yaml, "kind: Pod\nmetadata: {name: p1, namespace: b}\n---\nkind: List\nitems:\n"
                + "  - kind: Node\n    metadata: {name: n1}\n");

        assertThat(SnapshotReader.read(list).kinds()).containsExactly("Pod", "Service");
        ClusterSnapshot y = SnapshotReader.read(yaml);
        assertThat(y.get("Pod", "b", "p1")).isNotNull();
        assertThat(y.get("Node", null, "n1")).isNotNull();
    }

    @Test
    void explainsInputItCannotUseNamingTheFile(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("report.json");
        Files.writeString(text, "{\"hello\":\"world\"}");
        Path garbage = dir.resolve("x.yaml");
        Files.writeString(garbage, "a: [unclosed");

        assertThatThrownBy(() -> SnapshotReader.read(dir.resolve("missing")))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("missing: no such file or directory");
        assertThatThrownBy(() -> SnapshotReader.read(text))
                .hasMessageContaining("report.json").hasMessageContaining("not Kubernetes JSON/YAML");
        assertThatThrownBy(() -> SnapshotReader.read(garbage))
                .hasMessageContaining("x.yaml").hasMessageContaining("not valid YAML");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> SnapshotReader.read(empty)).hasMessageContaining("no Kubernetes JSON or YAML files");
    }

    @Test
    void fillsInWhatDumpItemsLeaveOutAndDropsWhatNoAnalyzerReads(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("shop"));
        Files.writeString(dir.resolve("shop/deployments.json"), """
                {"kind":"DeploymentList","apiVersion":"apps/v1","items":[
                  {"metadata":{"name":"api","managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{}}}],
                   "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"huge\\":true}","team":"core"}},
                   "spec":{"replicas":2}},
                  {"spec":{"replicas":1},"metadata":{"name":"late-kind"},"kind":"Deployment"}]}""");
        Files.writeString(dir.resolve("shop/mixed.json"), """
                {"kind":"List","items":[{"metadata":{"name":"settings"},"data":{"a":"1"},"kind":"ConfigMap"}]}""");
        Files.writeString(dir.resolve("pod.json"), """
                {"kind":"Pod","apiVersion":"v1","metadata":{"name":"solo","namespace":"ops","managedFields":[]}}""");

        ClusterSnapshot s = SnapshotReader.read(dir);

        JsonNode api = s.get("Deployment", "shop", "api");
        assertThat(K8s.kind(api)).isEqualTo("Deployment");
        assertThat(api.path("metadata").has("managedFields")).isFalse();
        assertThat(api.path("metadata").path("annotations").properties()).extracting(Map.Entry::getKey)
                .containsExactly("team");
        assertThat(s.get("Deployment", "shop", "late-kind")).isNotNull();
        assertThat(s.objects("Deployment", "shop")).extracting(K8s::name).containsExactly("api", "late-kind");
        assertThat(s.get("Pod", "ops", "solo").path("metadata").has("managedFields")).isFalse();
        assertThat(s.namespaces()).containsExactly("ops", "shop");
        assertThat(s.get("ConfigMap", "shop", "settings").path("data").path("a").asString()).isEqualTo("1");
    }

    @Test
    void anObjectListedAgainInALaterFileReplacesTheEarlierOne(@TempDir Path dir) throws IOException {
        dump(dir);
        Files.writeString(dir.resolve("zz-extra.json"), """
                {"kind":"List","items":[{"kind":"Pod","metadata":{"name":"api-2","namespace":"shop"},
                 "status":{"phase":"Running"}},{"kind":"Pod","metadata":{"name":"api-3","namespace":"shop"}}]}""");

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(s.objects("Pod")).extracting(K8s::name).containsExactly("api-1", "api-2", "api-3");
        assertThat(s.objects("Pod", "shop")).extracting(K8s::name).containsExactly("api-1", "api-2", "api-3");
        assertThat(s.get("Pod", "shop", "api-2").path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(s.objectCount()).isEqualTo(5);
    }

    @Test
    void aLargeDumpIsParsedInParallelWithTheSameResultAndWarnings(@TempDir Path dir) throws IOException {
        // over a megabyte, so the files are parsed on several threads
        for (int n = 0; n < 6; n++) {
            StringBuilder pods = new StringBuilder("{\"kind\":\"PodList\",\"items\":[");
            for (int i = 0; i < 1500; i++) {
                if (i > 0) pods.append(',');
                pods.append("{\"metadata\":{\"name\":\"p-").append(i).append("\",\"labels\":{\"app\":\"a")
                        .append(i % 7).append("\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"img:1\"}]},"
                        + "\"status\":{\"phase\":\"Running\"}}");
            }
            Files.createDirectories(dir.resolve("ns-" + n));
            Files.writeString(dir.resolve("ns-" + n + "/pods.json"), pods.append("]}"));
        }
        Files.writeString(dir.resolve("ns-2/services.json"), "{\"kind\":\"ServiceList\",\"items\":[{\"metadata\":");
        Files.writeString(dir.resolve("ns-4/broken.yaml"), "kind: [");

        ClusterSnapshot s = SnapshotReader.read(dir);

        assertThat(Files.size(dir.resolve("ns-0/pods.json")) * 6).isGreaterThan(1 << 20);
        assertThat(s.objects("Pod")).hasSize(9000);
        assertThat(s.objects("Pod", "ns-3")).extracting(K8s::name).startsWith("p-0", "p-1", "p-2").hasSize(1500);
        assertThat(s.objects("Pod")).extracting(K8s::namespace).startsWith("ns-0").endsWith("ns-5");
        assertThat(s.warnings()).extracting(SnapshotWarning::location).containsExactly("ns-2/services.json",
                "ns-4/broken.yaml");
    }
}
