package dev.aiops.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A range response is parsed while it arrives: the sink sees the first series before the server has written the
 * rest of the body. The server waits for the sink after the first series; a client that read the whole body before
 * parsing would make it wait in vain.
 */
class PrometheusRangeStreamingTest {

    private static final long T0 = 1_700_000_000L;
    private static final int SAMPLES_PER_SERIES = 200_000;
    private static final int SERIES = 5;

    @Test
    void theSinkSeesTheFirstSeriesBeforeTheBodyIsComplete() throws Exception {
        CountDownLatch sinkCalled = new CountDownLatch(1);
        AtomicBoolean sinkCalledBeforeRest = new AtomicBoolean();
        AtomicBoolean bodyComplete = new AtomicBoolean();
        try (CannedServer server = new CannedServer()) {
            server.answer(ex -> {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                Writer out = new BufferedWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8),
                        1 << 16);
                out.write("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
                for (int s = 0; s < SERIES; s++) {
                    out.write((s == 0 ? "" : ",") + "{\"metric\":{\"pod\":\"p" + s + "\"},\"values\":[");
                    for (int i = 0; i < SAMPLES_PER_SERIES; i++) {
                        out.write((i == 0 ? "[" : ",[") + (T0 + i) + ",\"" + i + ".5\"]");
                    }
                    out.write("]}");
                    if (s == 0) {
                        out.flush();
                        sinkCalledBeforeRest.set(sinkCalled.await(20, TimeUnit.SECONDS));
                    }
                }
                out.write("]}}");
                bodyComplete.set(true);
                out.close();
            });
            AtomicLong samples = new AtomicLong();
            AtomicBoolean completeAtFirstSeries = new AtomicBoolean(true);
            PrometheusClient client = new PrometheusClient(PrometheusSettings.of(server.url())
                    .withTimeout(Duration.ofSeconds(60)).withMaxPointsPerChunk(11_000));

            RangeSummary summary = client.range("x", Instant.ofEpochSecond(T0),
                    Instant.ofEpochSecond(T0 + 10_000), Duration.ofSeconds(1), labels -> {
                        if (labels.get("pod").equals("p0")) {
                            completeAtFirstSeries.set(bodyComplete.get());
                            sinkCalled.countDown();
                        }
                        return (t, v) -> samples.incrementAndGet();
                    });

            assertThat(sinkCalledBeforeRest).as("the sink was called while the body was still being written").isTrue();
            assertThat(completeAtFirstSeries).isFalse();
            assertThat(summary.series()).isEqualTo(SERIES);
            assertThat(summary.samples()).isEqualTo((long) SERIES * SAMPLES_PER_SERIES);
            assertThat(samples).hasValue((long) SERIES * SAMPLES_PER_SERIES);
        }
    }

    @Test
    void aSinkThatSkipsASeriesGetsNoneOfItsSamples() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                    + "{\"metric\":{\"pod\":\"a\"},\"values\":[[1,\"1\"],[2,\"2\"]],\"histograms\":[[3,{}]]},"
                    + "{\"values\":[[1,\"5\"]],\"metric\":{\"pod\":\"b\"}},"
                    + "{\"values\":[[1,\"7\"]]}]}}");
            StringBuilder seen = new StringBuilder();

            RangeSummary summary = new PrometheusClient(PrometheusSettings.of(server.url())).range("x",
                    Instant.ofEpochSecond(1), Instant.ofEpochSecond(2), Duration.ofSeconds(1), labels -> {
                        if ("a".equals(labels.get("pod"))) return null;
                        return (t, v) -> seen.append(labels).append(t).append('=').append(v).append(' ');
                    });

            assertThat(seen.toString()).isEqualTo("{pod=b}1000=5.0 {}1000=7.0 ");
            assertThat(summary.series()).isEqualTo(3);
            assertThat(summary.samples()).isEqualTo(2);
        }
    }
}
