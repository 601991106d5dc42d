package dev.aiops.bench;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenTelemetry SDK set up as in production, minus the network: every span sampled and handed to a
 * {@link BatchSpanProcessor} whose exporter counts and drops the batch; metrics aggregated by the SDK and read
 * by a pull reader that is only collected at the end. Not registered as the global instance.
 */
final class SdkTelemetry implements AutoCloseable {

    private final AtomicLong exportedSpans = new AtomicLong();
    private final CountingReader reader = new CountingReader();
    private final OpenTelemetrySdk sdk;

    SdkTelemetry() {
        SpanExporter dropping = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exportedSpans.addAndGet(spans.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .setSampler(Sampler.alwaysOn())
                // the default queue (2,048) overflows at ~100k invocations/s in a closed loop and then drops
                // spans, which would make tracing look cheaper than it is: size it so that every span is kept
                .addSpanProcessor(BatchSpanProcessor.builder(dropping)
                        .setMaxQueueSize(1 << 16)
                        .setMaxExportBatchSize(4096)
                        .setScheduleDelay(Duration.ofMillis(50))
                        .build())
                .build();
        SdkMeterProvider metrics = SdkMeterProvider.builder().registerMetricReader(reader).build();
        this.sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing).setMeterProvider(metrics).build();
    }

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /** Flushes the span pipeline and returns how many spans reached the exporter. */
    long flushedSpans() {
        sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        return exportedSpans.get();
    }

    /** Collects the metrics once and returns the number of metric streams the runtime recorded. */
    int metricStreams() {
        return reader.registration == null ? 0 : reader.registration.collectAllMetrics().size();
    }

    /** The calls counted by the runtime's {@code aiops.skill.calls} counter (two spans are started per call). */
    long countedCalls() {
        long calls = 0;
        if (reader.registration == null) return 0;
        for (MetricData m : reader.registration.collectAllMetrics()) {
            if (m.getName().equals("aiops.skill.calls")) {
                for (LongPointData p : m.getLongSumData().getPoints()) {
                    calls += p.getValue();
                }
            }
        }
        return calls;
    }

    @Override
    public void close() {
        sdk.close();
    }

    private static final class CountingReader implements MetricReader {
        private volatile CollectionRegistration registration;

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
