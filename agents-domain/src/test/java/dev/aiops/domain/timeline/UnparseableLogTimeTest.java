package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.Fixtures.index;
import static dev.aiops.domain.timeline.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pod jobs/worker-0: the worker's log has lines without a time (a banner, a panic and its goroutine header) between
 * timed ones, the proxy beside it logs in between, and the legacy agent never writes a time. Pod orphan-0 records
 * neither a status nor a creation time.
 */
class UnparseableLogTimeTest {

    private static final Timeline T = Fixtures.timeline("unparseable-log-time", TimelineQuery.all());

    @Test
    void aLineWithoutATimeIsKeptAtThePreviousTimedLineOfItsContainer() {
        int started = index(T, text("job 17 started"));
        int panic = index(T, text("panic: runtime error"));
        int goroutine = index(T, text("goroutine 42"));
        int proxy = index(T, text("upstream reset"));

        TimelineEntry p = T.entries().get(panic);
        assertThat(p.timeUncertain()).isTrue();
        assertThat(p.time()).isEqualTo(Instant.parse("2026-12-07T09:00:05Z"));
        assertThat(p.level()).isEqualTo(Level.ERROR);
        assertThat(T.entries().get(goroutine).timeUncertain()).isTrue();
        assertThat(started).isLessThan(panic);
        assertThat(panic).isLessThan(goroutine);
        assertThat(goroutine).isLessThan(proxy);
        assertThat(T.entries().get(proxy).time()).isEqualTo(Instant.parse("2026-12-07T09:00:05.500Z"));
        assertThat(T.entries().get(proxy).level()).isEqualTo(Level.WARNING);
    }

    @Test
    void linesBeforeTheFirstTimedLineArePlacedJustBeforeIt() {
        int banner = index(T, text("booting worker"));
        int ready = index(T, text("worker ready"));

        assertThat(banner).isEqualTo(ready - 1);
        assertThat(T.entries().get(banner).time()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(T.entries().get(banner).timeUncertain()).isTrue();
    }

    @Test
    void aContainerThatNeverWritesATimeIsPlacedAtItsStart() {
        int up = index(T, text("legacy agent up"));
        int polling = index(T, text("polling every 30s"));

        assertThat(T.entries().get(up).time()).isEqualTo(Instant.parse("2026-12-07T08:59:58Z"));
        assertThat(polling).isEqualTo(up + 1);
        assertThat(T.entries().get(polling).timeUncertain()).isTrue();
    }

    @Test
    void nothingIsDroppedWithoutBeingCounted() {
        assertThat(T.omitted().blankLogLines()).isEqualTo(1);
        assertThat(T.omitted().undated()).isEqualTo(1);
        assertThat(T.entries()).noneMatch(e -> e.text().contains("hello from a pod"));
        assertThat(T.entries()).filteredOn(e -> e.source() == TimelineEntry.Source.LOG).hasSize(9);
    }
}
