package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.DescriptorLoader;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.ErrorCode;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code metrics.query} and {@code metrics.range}, declared in skills/, run through the runtime on a real Prometheus. */
class PrometheusMetricsSkillsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static RealPrometheus prometheus;
    private static AgentRuntime runtime;

    @BeforeAll
    static void setUp() throws Exception {
        prometheus = RealPrometheus.start(dir);
        CompositionGraph graph = CompositionGraph.of(
                DescriptorLoader.loadDirectory(Path.of("..", "skills")).descriptors(), Set.of());
        // chunks of 50 points: a two-hour range at 1m takes three requests, merged into one series each
        runtime = MetricsSkills.bind(AgentRuntime.builder(graph), prometheus.client(50)).build();
    }

    @AfterAll
    static void tearDown() {
        if (runtime != null) runtime.close();
        if (prometheus != null) prometheus.close();
    }

    private static InvocationResult call(String skill, JsonNode input) {
        return runtime.invoke(skill, input, InvocationContext.create());
    }

    private static ObjectNode range(String query, Instant start, Instant end, String step) {
        ObjectNode in = JSON.createObjectNode();
        in.put("query", query);
        in.put("start", start.toString());
        in.put("end", end.toString());
        in.put("step", step);
        return in;
    }

    @Test
    void aRangeMergesItsChunksIntoOneEntryPerSeries() throws Exception {
        Instant from = prometheus.start.plus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofHours(2));

        JsonNode out = call(MetricsSkills.RANGE, range("memory_bytes", from, to, "1m")).orThrow();

        assertThat(out.get("step").asString()).isEqualTo("60s");
        assertThat(out.get("warnings")).isEmpty();
        assertThat(out.get("series")).hasSize(2);
        for (JsonNode s : out.get("series")) {
            int pod = s.get("metric").get("pod").asString().equals("web-0") ? 0 : 1;
            assertThat(s.get("metric").get("__name__").asString()).isEqualTo("memory_bytes");
            JsonNode values = s.get("values");
            assertThat(values).hasSize(121);
            for (int i = 0; i < 121; i++) {
                assertThat(values.get(i).get(0).asLong()).isEqualTo(from.getEpochSecond() + 60L * i);
                assertThat(values.get(i).get(1).asString())
                        .isEqualTo(PromValues.format(RealPrometheus.memory(pod, 60 + i)));
            }
        }
        assertThat(out.get("series").get(0).get("values").get(0).get(1).asString()).isEqualTo("1060");

        Map<String, List<Long>> replayed = new TreeMap<>();
        RangeSummary summary = MetricsSkills.parseRangeOutput(out, labels -> {
            List<Long> times = replayed.computeIfAbsent(labels.get("pod"), p -> new ArrayList<>());
            return (t, v) -> times.add(t);
        });
        assertThat(summary).isEqualTo(new RangeSummary(1, 2, 242, Duration.ofMinutes(1), List.of()));
        assertThat(replayed.get("web-1")).startsWith(from.toEpochMilli(), from.toEpochMilli() + 60_000)
                .endsWith(to.toEpochMilli());
    }

    @Test
    void aRangeWithAStepInMinutesOrHours() {
        JsonNode out = call(MetricsSkills.RANGE, range("sum(rate(http_requests_total[5m]))", prometheus.start,
                prometheus.end, "1h")).orThrow();

        assertThat(out.get("step").asString()).isEqualTo("3600s");
        assertThat(out.get("series")).singleElement().satisfies(s -> {
            assertThat(s.get("metric")).isEmpty();
            assertThat(s.get("values")).hasSize(48);
            s.get("values").forEach(v -> assertThat(Double.parseDouble(v.get(1).asString())).isBetween(0.0, 1.0 / 3 + 1e-9));
        });
    }

    @Test
    void anInstantQuery() {
        ObjectNode in = JSON.createObjectNode();
        in.put("query", "memory_bytes{pod=\"web-1\"}");
        in.put("time", prometheus.end.toString());

        JsonNode out = call(MetricsSkills.QUERY, in).orThrow();

        assertThat(out.get("resultType").asString()).isEqualTo("vector");
        assertThat(out.get("series")).singleElement().satisfies(s -> {
            assertThat(s.get("metric").get("pod").asString()).isEqualTo("web-1");
            assertThat(s.get("values")).singleElement().satisfies(v -> {
                assertThat(v.get(0).asLong()).isEqualTo(prometheus.end.getEpochSecond());
                assertThat(v.get(1).asString()).isEqualTo("7760");
            });
        });
        assertThat(out.get("warnings")).isEmpty();
    }

    @Test
    void scalarAndStringQueriesWithoutATime() {
        JsonNode scalar = call(MetricsSkills.QUERY, JSON.readTree("{\"query\":\"0/0\"}")).orThrow();
        JsonNode string = call(MetricsSkills.QUERY, JSON.readTree("{\"query\":\"\\\"hi\\\"\"}")).orThrow();

        assertThat(scalar.get("resultType").asString()).isEqualTo("scalar");
        assertThat(scalar.get("series").get(0).get("values").get(0).get(1).asString()).isEqualTo("NaN");
        assertThat(string.get("resultType").asString()).isEqualTo("string");
        assertThat(string.get("series").get(0).get("metric")).isEmpty();
        assertThat(string.get("series").get(0).get("values").get(0).get(1).asString()).isEqualTo("hi");
    }

    @Test
    void inputsTheSkillCannotUse() {
        Instant from = prometheus.start;
        Instant to = prometheus.end;

        assertThat(call(MetricsSkills.RANGE, range("up", from, to, "5x")).error()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(call(MetricsSkills.RANGE, range("up", from, to, "90")).error()).isEqualTo(ErrorCode.INVALID_INPUT);
        InvocationResult zero = call(MetricsSkills.RANGE, range("up", from, to, "0s"));
        assertThat(zero.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
        assertThat(zero.message()).contains("at least 1s");
        assertThat(zero.attempts()).isEqualTo(1);
        ObjectNode badTime = range("up", from, to, "1m").put("start", "yesterday");
        assertThat(call(MetricsSkills.RANGE, badTime).message()).contains("start 'yesterday'", "RFC 3339");
        assertThat(call(MetricsSkills.RANGE, range("up", to, from, "1m")).message()).contains("before start");
    }

    @Test
    void aQueryPrometheusRefusesIsNotRetried() {
        InvocationResult r = call(MetricsSkills.RANGE, range("rate(memory_bytes[5m]", prometheus.start,
                prometheus.end, "5m"));

        assertThat(r.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
        assertThat(r.message()).contains("bad_data");
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void replayingSomethingElseIsABadResponse() {
        assertThatThrownBy(() -> MetricsSkills.parseRangeOutput(JSON.readTree("{\"series\":[{\"metric\":{},"
                + "\"values\":[[1,2]]}]}"), labels -> null)).isInstanceOfSatisfying(MetricsException.class,
                e -> assertThat(e.kind()).isEqualTo(MetricsException.Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> MetricsSkills.parseRangeOutput(JSON.readTree("{}"), labels -> null))
                .hasMessageContaining("series");
    }

    @Test
    void rangeInputIsWhatTheSkillTakes() throws Exception {
        Instant from = prometheus.end.minus(Duration.ofMinutes(10));
        ObjectNode in = MetricsSkills.rangeInput("memory_bytes{pod=\"web-0\"}", from, prometheus.end,
                Duration.ofMinutes(5));

        JsonNode out = call(MetricsSkills.RANGE, in).orThrow();

        List<Double> values = new ArrayList<>();
        MetricsSkills.parseRangeOutput(out, labels -> (t, v) -> values.add(v));
        assertThat(values).containsExactly(RealPrometheus.memory(0, RealPrometheus.MINUTES - 10),
                RealPrometheus.memory(0, RealPrometheus.MINUTES - 5), RealPrometheus.memory(0, RealPrometheus.MINUTES));
        assertThatThrownBy(() -> MetricsSkills.rangeInput("x", from, from, Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
