package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aiops.infra.metrics.MetricsException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against canned HTTP answers: what Prometheus rarely does on cue, and what proxies in front of it do. */
class PrometheusClientHttpTest {

    private static final String ONE_SERIES = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
            + "[{\"metric\":{\"pod\":\"a\"},\"values\":[[1700000000,\"1\"]]}]}}";
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    private CannedServer server;

    @BeforeEach
    void setUp() throws IOException {
        server = new CannedServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private PrometheusClient client() {
        return new PrometheusClient(settings());
    }

    private PrometheusSettings settings() {
        return PrometheusSettings.of(server.url()).withRetries(3, Duration.ofMillis(5))
                .withTimeout(Duration.ofSeconds(5));
    }

    private static List<String> collect(PrometheusClient client, String query, Instant start, Instant end,
                                        Duration step) throws MetricsException {
        List<String> seen = new ArrayList<>();
        client.range(query, start, end, step, labels -> (t, v) -> seen.add(labels + "@" + t + "=" + v));
        return seen;
    }

    @Test
    void parsesSpecialValuesFractionalTimesAndDataBeforeStatusAndPostsTheForm() throws Exception {
        server.answer(200, "{\"data\":{\"result\":[{\"values\":[[1700000000.5,\"NaN\"],[1700000001,\"+Inf\"],"
                + "[1700000001.5,\"-Inf\"],[1700000002,\"1e3\"]],\"metric\":{\"pod\":\"a\",\"ns\":\"x\"}}],"
                + "\"resultType\":\"matrix\"},\"infos\":[\"i\"],\"status\":\"success\"}");
        List<Double> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Map<String, String>> series = new ArrayList<>();

        RangeSummary summary = client().range("up", T0, T0.plusSeconds(2), Duration.ofMillis(500), labels -> {
            series.add(labels);
            return (t, v) -> {
                times.add(t);
                values.add(v);
            };
        });

        assertThat(series).containsExactly(Map.of("pod", "a", "ns", "x"));
        assertThat(times).containsExactly(1_700_000_000_500L, 1_700_000_001_000L, 1_700_000_001_500L,
                1_700_000_002_000L);
        assertThat(values.get(0)).isNaN();
        assertThat(values.subList(1, 4)).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1000.0);
        assertThat(summary).isEqualTo(new RangeSummary(1, 1, 4, Duration.ofMillis(500), List.of()));
        CannedServer.Request sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/query_range");
        assertThat(sent.form()).containsExactly(Map.entry("query", "up"), Map.entry("start", "1700000000"),
                Map.entry("end", "1700000002"), Map.entry("step", "0.5"));
        assertThat(sent.authorization()).isNull();
    }

    @Test
    void deduplicatesWarningsOfSeveralChunks() throws Exception {
        server.answer(200, "{\"status\":\"success\",\"warnings\":[\"w1\"],\"data\":{\"resultType\":\"matrix\","
                + "\"result\":[]}}").answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                + "\"result\":[]},\"warnings\":[\"w1\",\"w2\"]}");

        RangeSummary summary = new PrometheusClient(settings().withMaxPointsPerChunk(2))
                .range("up", T0, T0.plusSeconds(3), Duration.ofSeconds(1), labels -> null);

        assertThat(summary.chunks()).isEqualTo(2);
        assertThat(summary.warnings()).containsExactly("w1", "w2");
        assertThat(server.requests()).extracting(r -> r.form().get("start") + ".." + r.form().get("end"))
                .containsExactly("1700000000..1700000001", "1700000002..1700000003");
    }

    @Test
    void retriesA503AndA429ThenSucceeds() throws Exception {
        server.answer(503, "<html>Service Unavailable</html>").answer(429, "slow down").answer(200, ONE_SERIES);

        assertThat(collect(client(), "up", T0, T0, Duration.ofSeconds(1))).containsExactly("{pod=a}@1700000000000=1.0");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterMaxAttemptsOnABadGateway() {
        server.otherwise(ex -> CannedServer.send(ex, 502, "<html><body>Bad Gateway</body></html>"));

        MetricsException e = catchThrowableOfType(MetricsException.class,
                () -> client().instant("up", T0));

        assertThat(e.kind()).isEqualTo(Kind.HTTP);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 502", server.url() + "/api/v1/query", "Bad Gateway");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void doesNotRetryRefusedCredentials() {
        server.answer(401, "Unauthorized").answer(200, ONE_SERIES);

        MetricsException e = catchThrowableOfType(MetricsException.class,
                () -> new PrometheusClient(settings().withBearerToken("wrong")).instant("up", T0));

        assertThat(e.kind()).isEqualTo(Kind.HTTP);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("refused the credentials", "HTTP 401").doesNotContain("wrong");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void doesNotRetryBadData() {
        server.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}")
                .answer(200, ONE_SERIES);

        MetricsException e = catchThrowableOfType(MetricsException.class,
                () -> collect(client(), "rate(x[5m]", T0, T0, Duration.ofSeconds(1)));

        assertThat(e.kind()).isEqualTo(Kind.QUERY);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("bad_data", "parse error", "rate(x[5m]",
                server.url() + "/api/v1/query_range");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retriesAPrometheusTimeoutError() {
        server.otherwise(ex -> CannedServer.send(ex, 503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"));

        MetricsException e = catchThrowableOfType(MetricsException.class,
                () -> collect(client(), "up", T0, T0, Duration.ofSeconds(1)));

        assertThat(e.kind()).isEqualTo(Kind.QUERY);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("timeout", "query timed out", "'up'");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void anErrorStatusIn200BodyIsAQueryFailure() {
        server.answer(200, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many\"}");

        assertThatThrownBy(() -> collect(client(), "a / b", T0, T0, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(MetricsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.QUERY);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("execution", "many-to-many");
                });
    }

    @Test
    void aBodyThatIsNotJsonIsABadResponse() {
        server.answer(200, "<html><title>Login</title> please sign in </html>");

        MetricsException e = catchThrowableOfType(MetricsException.class,
                () -> collect(client(), "up", T0, T0, Duration.ofSeconds(1)));

        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains(server.url() + "/api/v1/query_range", "HTTP 200",
                "<html><title>Login</title> please sign in </html>");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void unexpectedJsonIsABadResponse() {
        server.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
                .answer(200, "[1,2]")
                .answer(200, "{\"status\":\"success\"}")
                .answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"weird\",\"result\":[]}}");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> collect(client(), "up", T0, T0, Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(MetricsException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        }
        assertThatThrownBy(() -> client().instant("up", T0)).isInstanceOfSatisfying(MetricsException.class,
                e -> assertThat(e.getMessage()).contains("weird"));
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        server.otherwise(ex -> Thread.sleep(3_000));

        MetricsException e = catchThrowableOfType(MetricsException.class, () -> new PrometheusClient(
                settings().withTimeout(Duration.ofMillis(300)).withRetries(1, Duration.ZERO)).instant("up", T0));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("300ms", server.url().toString());
    }

    @Test
    void aBodyThatStallsTimesOut() {
        server.otherwise(ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[".getBytes(
                    StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(3_000);
        });

        long start = System.nanoTime();
        MetricsException e = catchThrowableOfType(MetricsException.class, () -> collect(new PrometheusClient(
                settings().withTimeout(Duration.ofMillis(500)).withRetries(2, Duration.ofMillis(1))), "up", T0, T0,
                Duration.ofSeconds(1)));

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("500ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aBrokenBodyAfterSamplesReachedTheSinkIsNotRetried() {
        server.otherwise(ex -> {
            byte[] part = ONE_SERIES.substring(0, ONE_SERIES.indexOf("]]") + 1).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, part.length + 100);
            OutputStream out = ex.getResponseBody();
            out.write(part);
            out.flush();
            Thread.sleep(200);
            throw new IOException("connection dropped");
        });
        List<String> seen = new ArrayList<>();

        MetricsException e = catchThrowableOfType(MetricsException.class, () -> client().range("up", T0, T0,
                Duration.ofSeconds(1), labels -> (t, v) -> seen.add(labels + "=" + v)));

        assertThat(seen).containsExactly("{pod=a}=1.0");
        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("broke while reading");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);

        MetricsException e = catchThrowableOfType(MetricsException.class, () -> new PrometheusClient(
                PrometheusSettings.of(url).withRetries(2, Duration.ofMillis(1))).instant("up", T0));

        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains(url + "/api/v1/query");
    }

    @Test
    void sendsTheBearerTokenAndBasicAuthExactly() throws Exception {
        server.otherwise(ex -> CannedServer.send(ex, 200, ONE_SERIES));

        collect(new PrometheusClient(settings().withBearerToken("t0k.en-123")), "up", T0, T0, Duration.ofSeconds(1));
        collect(new PrometheusClient(settings().withBasicAuth("grafana", "pa:ss wörd")), "up", T0, T0,
                Duration.ofSeconds(1));

        assertThat(server.requests()).extracting(CannedServer.Request::authorization).containsExactly(
                "Bearer t0k.en-123",
                "Basic " + Base64.getEncoder().encodeToString("grafana:pa:ss wörd".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsInstantResultsOfEveryType() throws Exception {
        server.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.25,"
                        + "\"+Inf\"]},\"warnings\":[\"w\",\"w\"]}")
                .answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000000,"
                        + "\"hello\"]}}")
                .answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                        + "{\"pod\":\"a\"},\"value\":[1700000000,\"-Inf\"]}]}}");
        PrometheusClient client = client();

        InstantResult scalar = client.instant("1/0", T0);
        InstantResult string = client.instant("\"hello\"", T0);
        InstantResult vector = client.instant("x", T0);

        assertThat(scalar.resultType()).isEqualTo("scalar");
        assertThat(scalar.series().get(0).samples()).containsExactly(
                new InstantResult.Sample(1_700_000_000_250L, Double.POSITIVE_INFINITY));
        assertThat(scalar.warnings()).containsExactly("w");
        assertThat(string.series().get(0).labels()).containsEntry("value", "hello");
        assertThat(vector.series().get(0).samples().get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(server.requests().get(0).form()).containsEntry("time", "1700000000");
        assertThat(client.describe()).isEqualTo("prometheus " + server.url());
    }
}
