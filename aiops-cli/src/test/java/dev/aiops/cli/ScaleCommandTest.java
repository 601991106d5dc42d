package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.JsonSchema;
import dev.aiops.infra.metrics.testing.OpenMetricsWriter;
import dev.aiops.infra.metrics.testing.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code aiops scale} against a real Prometheus holding three days of one Deployment's usage. */
class ScaleCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double MI = 1024 * 1024;
    private static final Instant END = PrometheusServer.latestBackfillEnd();
    private static final String[] PODS = {"web-7c9d8f6b5-x2x9q", "web-7c9d8f6b5-k8h4z"};

    @TempDir
    static Path dir;
    private static PrometheusServer prometheus;
    private static Path dump;

    @BeforeAll
    static void start() throws IOException {
        Path data = dir.resolve("web.om");
        long from = END.minusSeconds(3 * 86_400).getEpochSecond();
        try (OpenMetricsWriter w = OpenMetricsWriter.create(data)) {
            w.family("container_cpu_usage_seconds", OpenMetricsWriter.Type.COUNTER);
            for (String pod : PODS) {
                for (long t = from; t <= END.getEpochSecond(); t += 300) {
                    w.sample(Map.of("namespace", "shop", "pod", pod, "container", "app"), t, 0.3 * (t - from));
                }
            }
            w.family("container_memory_working_set_bytes", OpenMetricsWriter.Type.GAUGE);
            for (String pod : PODS) {
                for (long t = from; t <= END.getEpochSecond(); t += 300) {
                    w.sample(Map.of("namespace", "shop", "pod", pod, "container", "app"), t, 200 * MI);
                }
            }
            w.family("kube_pod_owner", OpenMetricsWriter.Type.GAUGE);
            for (String pod : PODS) {
                for (long t = from; t <= END.getEpochSecond(); t += 300) {
                    w.sample(Map.of("namespace", "shop", "pod", pod, "owner_kind", "ReplicaSet",
                            "owner_name", "web-7c9d8f6b5"), t, 1);
                }
            }
            w.family("kube_replicaset_owner", OpenMetricsWriter.Type.GAUGE);
            for (long t = from; t <= END.getEpochSecond(); t += 300) {
                w.sample(Map.of("namespace", "shop", "replicaset", "web-7c9d8f6b5", "owner_kind", "Deployment",
                        "owner_name", "web"), t, 1);
            }
            w.family("kube_pod_container_resource_requests", OpenMetricsWriter.Type.GAUGE);
            for (String pod : PODS) {
                for (long t = from; t <= END.getEpochSecond(); t += 300) {
                    w.sample(Map.of("namespace", "shop", "pod", pod, "container", "app", "resource", "cpu",
                            "unit", "core"), t, 1);
                }
            }
        }
        prometheus = PrometheusServer.start(data, dir.resolve("prometheus"));
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ObjectNode d = list.putArray("items").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment");
        d.putObject("metadata").put("name", "web").put("namespace", "shop").putObject("labels").put("app", "web");
        ObjectNode c = d.putObject("spec").put("replicas", 2).putObject("template").putObject("spec")
                .putArray("containers").addObject().put("name", "app");
        c.putObject("resources").putObject("requests").put("cpu", "500m").put("memory", "512Mi");
        dump = dir.resolve("cluster.json");
        Files.writeString(dump, list.toPrettyString());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) prometheus.close();
    }

    private static String[] advise(String... more) {
        String[] base = {"scale", "advise", "--prometheus", prometheus.url().toString(), "-n", "shop", "--window", "3d",
                "--end", END.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void advisesFromPrometheusWithTheClustersRequestsAsContractJson() throws Exception {
        CliRun r = CliRun.run(advise("--from-dump", dump.toString(), "-o", "json"));

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        JsonSchema schema = JsonSchema.of(JSON.readTree(Path.of("..", "agents-domain", "src", "test", "resources",
                "contracts", "scaling-recommendations.schema.json").toFile()));
        assertThat(schema.validate(json)).isEmpty();
        JsonNode web = json.path("containers").get(0);
        assertThat(web.path("workload").path("name").asString()).isEqualTo("web");
        assertThat(web.path("current").path("requests").path("cpu").asString()).isEqualTo("500m");
        assertThat(web.path("recommended").path("requests").path("cpu").asString()).isIn("350m", "355m", "360m",
                "365m");
        assertThat(web.path("recommended").path("requests").path("memory").asString()).isIn("232Mi", "236Mi",
                "240Mi", "244Mi");
        assertThat(web.path("costDelta").path("monthly").asDouble()).isNegative();
    }

    @Test
    void withPrometheusAloneTheWorkloadAndItsRequestsComeFromKubeStateMetrics() {
        CliRun r = CliRun.run(advise());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Deployment shop/web", "cpu 1 -> 3", "confidence 0.43");
    }

    @Test
    void unreachablePrometheusIsAnErrorPerContainerAndExitOne() {
        CliRun r = CliRun.run("scale", "advise", "--prometheus", "http://127.0.0.1:1", "--from-dump", dump.toString(),
                "-n", "shop");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("app: error: metrics could not be read", "127.0.0.1:1");
    }

    @Test
    void aDumpWithoutPrometheusIsAUsageErrorThatSaysWhatToGive() {
        CliRun r = CliRun.run("scale", "advise", "--from-dump", dump.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("a dump holds no usage history", "--prometheus");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheValue() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "metrics:\n  cpuUsed: x\n");

        CliRun window = CliRun.run("scale", "advise", "--prometheus", prometheus.url().toString(), "--window",
                "2weeks");
        CliRun names = CliRun.run(advise("--config", config.toString()));
        CliRun selector = CliRun.run(advise("-l", "app=web"));

        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).contains("'2weeks' is not a duration");
        assertThat(names.exit()).isEqualTo(2);
        assertThat(names.err()).contains("unknown metric name key 'cpuUsed'");
        assertThat(selector.exit()).isEqualTo(2);
        assertThat(selector.err()).contains("a label selector needs a cluster source");
    }

    @Test
    void withoutPrometheusTheDemoClusterIsAdvisedFromMetricsServerAtLowConfidence() throws Exception {
        CliRun r = CliRun.run("scale", "advise", "--demo", "-n", "shop", "-o", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.path("source").path("type").asString()).isEqualTo("metrics-server");
        assertThat(json.path("warnings").get(0).asString()).contains("no Prometheus configured", "confidence 0.05");
        JsonNode ok = null;
        for (JsonNode c : json.path("containers")) {
            if (c.path("status").asString().equals("ok")) {
                ok = c;
                assertThat(c.path("confidence").asDouble()).isEqualTo(0.05);
            }
        }
        assertThat(ok).as("some running container of shop").isNotNull();
    }

    @Test
    void theWeeklyReviewComparesWithTheLastOne() throws IOException {
        Path reviews = dir.resolve("reviews");
        String[] report = {"scale", "report", "--weekly", "--prometheus", prometheus.url().toString(), "--from-dump",
                dump.toString(), "-n", "shop", "--window", "3d", "--end", END.toString(), "--output-dir",
                reviews.toString()};

        CliRun first = CliRun.run(report);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("(first review)");
        Path json;
        try (var files = Files.list(reviews)) {
            json = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        ObjectNode lastWeek = (ObjectNode) JSON.readTree(json.toFile());
        lastWeek.put("week", "2000-W01");
        ((ObjectNode) lastWeek.path("recommendations").path("containers").get(0).path("recommended").path("requests"))
                .put("cpu", "2");
        Files.writeString(reviews.resolve("scaling-review-2000-W01.json"), lastWeek.toPrettyString());
        Files.writeString(reviews.resolve("scaling-review-1999-W01.json"), "{ not json");

        CliRun second = CliRun.run(report);

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("(compared with 2000-W01)");
        String md = Files.readString(json.resolveSibling(json.getFileName().toString().replace(".json", ".md")));
        assertThat(md).contains("# Weekly scaling review", "| shop |", "Moved by more than 10%: 1",
                "Deployment shop/web app");
        assertThat(md).contains("## Since the last review", "Compared with 2000-W01");
    }
}
