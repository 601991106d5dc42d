package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.Fixtures.index;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import dev.aiops.domain.timeline.TimelineEntry.Subject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Repeated events become one entry with a count and a span, whichever API shape they were served in. */
class EventSeriesTest {

    private static final Timeline T = Fixtures.timeline("event-series", TimelineQuery.all());

    private static TimelineEntry reason(String reason) {
        return T.entries().get(index(T, e -> reason.equals(e.reason())));
    }

    @Test
    void aCoreEventWithACountIsOneEntryFromItsFirstToItsLastOccurrence() {
        TimelineEntry backOff = reason("BackOff");

        assertThat(backOff.count()).isEqualTo(12);
        assertThat(backOff.time()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(backOff.firstTime()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(backOff.lastTime()).isEqualTo(Instant.parse("2026-12-07T08:10:00Z"));
        assertThat(backOff.level()).isEqualTo(Level.ERROR);
        assertThat(backOff.object()).isEqualTo(new Subject("Pod", "batch", "report-7d9f", "report"));
    }

    @Test
    void aCoreEventWithEventTimeAndASeriesCountsTheSeries() {
        TimelineEntry scheduling = reason("FailedScheduling");

        assertThat(scheduling.count()).isEqualTo(6);
        assertThat(scheduling.firstTime()).isEqualTo(Instant.parse("2026-12-07T08:01:00.244556Z"));
        assertThat(scheduling.lastTime()).isEqualTo(Instant.parse("2026-12-07T08:25:41Z"));
        assertThat(scheduling.level()).isEqualTo(Level.WARNING);
    }

    @Test
    void eventsK8sIoEventsAreReadFromRegardingNoteAndSeries() {
        TimelineEntry probe = reason("Unhealthy");
        TimelineEntry killing = reason("Killing");

        assertThat(probe.text()).isEqualTo("Liveness probe failed: HTTP probe failed with statuscode: 500");
        assertThat(probe.object().container()).isEqualTo("report");
        assertThat(probe.count()).isEqualTo(40);
        assertThat(probe.time()).isEqualTo(Instant.parse("2026-12-07T08:02:00Z"));
        assertThat(probe.lastTime()).isEqualTo(Instant.parse("2026-12-07T08:12:00.100Z"));
        assertThat(killing.count()).isEqualTo(5);
        assertThat(killing.firstTime()).isEqualTo(Instant.parse("2026-12-07T08:03:00Z"));
        assertThat(killing.lastTime()).isEqualTo(Instant.parse("2026-12-07T08:11:30Z"));
        assertThat(killing.level()).isEqualTo(Level.INFO);
    }

    @Test
    void separateEventsSayingTheSameAboutTheSameObjectAreCollapsed() {
        TimelineEntry pulling = reason("Pulling");

        assertThat(pulling.count()).isEqualTo(2);
        assertThat(pulling.firstTime()).isEqualTo(Instant.parse("2026-12-07T07:59:00Z"));
        assertThat(pulling.lastTime()).isEqualTo(Instant.parse("2026-12-07T07:59:30Z"));
        assertThat(T.entries()).filteredOn(e -> e.source() == Source.EVENT).hasSize(5);
    }

    @Test
    void aSeriesThatBeganBeforeTheWindowIsShownAtItsLastOccurrenceInIt() {
        Timeline late = Fixtures.timeline("event-series", TimelineQuery.builder()
                .since(Instant.parse("2026-12-07T08:05:00Z")).build());

        TimelineEntry backOff = late.entries().get(index(late, e -> "BackOff".equals(e.reason())));
        assertThat(backOff.time()).isEqualTo(Instant.parse("2026-12-07T08:10:00Z"));
        assertThat(backOff.firstTime()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(backOff.count()).isEqualTo(12);
        assertThat(late.omitted().beforeWindow()).isEqualTo(2);
    }

    @Test
    void eventsReadInRunsAreCollapsedAcrossRunsInTheOrderFirstRead() {
        var snapshot = Fixtures.dump("event-series");
        Scope scope = Scope.of(snapshot, TimelineQuery.all());
        var events = EventEntries.events(snapshot, scope);
        EventEntries whole = new EventEntries(new Window(TimeScanner.NONE, TimeScanner.NONE), events.size());
        whole.read(events, scope);
        EventEntries runs = new EventEntries(new Window(TimeScanner.NONE, TimeScanner.NONE), events.size());
        runs.read(events.subList(0, 1), scope);
        for (int i = 1; i < events.size(); i++) {
            EventEntries run = new EventEntries(new Window(TimeScanner.NONE, TimeScanner.NONE), 1);
            run.read(events.subList(i, i + 1), scope);
            runs.merge(run);
        }

        assertThat(runs.drafts()).extracting(d -> d.reason + " x" + d.count + " " + d.first + ".." + d.last)
                .containsExactlyElementsOf(whole.drafts().stream().map(d -> d.reason + " x" + d.count + " " + d.first
                        + ".." + d.last).toList())
                .hasSize(5);
    }

    @Test
    void theFirstWarningEventIsTheDetectionAndAnErrorReasonTheFirstError() {
        assertThat(T.at(T.markers().detection()).reason()).isEqualTo("BackOff");
        assertThat(T.at(T.markers().firstError()).reason()).isEqualTo("BackOff");
        assertThat(T.markers().trigger()).isNull();
        assertThat(T.markers().recovery()).isNull();
    }
}
