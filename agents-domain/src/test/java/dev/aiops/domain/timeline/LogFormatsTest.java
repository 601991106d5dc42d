package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One pod whose containers each log in another format, 10 s apart: merged in one order, none uncertain. */
class LogFormatsTest {

    @Test
    void everyFormatIsReadAndTheLinesMergeInTimeOrder() {
        Timeline t = Fixtures.timeline("log-formats", TimelineQuery.builder()
                .since(Instant.parse("2026-12-07T10:00:00Z")).build());

        assertThat(t.entries()).extracting(e -> e.object().container(), TimelineEntry::time, TimelineEntry::level,
                TimelineEntry::correlationId).containsExactly(
                tuple("rfc3339", Instant.parse("2026-12-07T10:00:00Z"), Level.INFO, null),
                tuple("rfc3339", Instant.parse("2026-12-07T10:00:10.250Z"), Level.WARNING, null),
                tuple("kubectl-timestamps", Instant.parse("2026-12-07T10:00:20.123456789Z"), Level.ERROR, null),
                tuple("klog", Instant.parse("2026-12-07T10:00:30.000001Z"), Level.ERROR, "req-7781"),
                tuple("json-ts", Instant.parse("2026-12-07T10:00:40.500Z"), Level.WARNING, null),
                tuple("json-time-millis", Instant.parse("2026-12-07T10:00:50Z"), Level.ERROR, "req-1f"),
                tuple("json-timestamp-seconds", Instant.parse("2026-12-07T10:01:00.250Z"), Level.INFO, "c-991"),
                tuple("json-at-timestamp", Instant.parse("2026-12-07T10:01:10Z"), Level.INFO, "trace-ecs-1"),
                tuple("logfmt", Instant.parse("2026-12-07T10:01:20Z"), Level.WARNING, "abc-123"),
                tuple("logfmt", Instant.parse("2026-12-07T10:01:30.500Z"), Level.ERROR, "r-42"),
                tuple("epoch", Instant.parse("2026-12-07T10:01:40Z"), Level.INFO, null),
                tuple("epoch", Instant.parse("2026-12-07T10:01:50.123Z"), Level.ERROR, null),
                tuple("access-log", Instant.parse("2026-12-07T10:02:00Z"), Level.INFO, null),
                tuple("python", Instant.parse("2026-12-07T10:02:10.500Z"), Level.ERROR, null));
        assertThat(t.entries()).noneMatch(TimelineEntry::timeUncertain);
        assertThat(t.omitted().beforeWindow()).isEqualTo(12);
    }
}
