package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.Fixtures.index;
import static dev.aiops.domain.timeline.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.timeline.TimelineEntry.Source;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two pods on two nodes log the same failed request; node-b's clock runs 1.5 s behind node-a's, so its line is
 * stamped 1.5 s before node-a's, around the kubelet's Unhealthy event. Their order cannot be trusted.
 */
class SkewedClocksTest {

    @Test
    void entriesOfDifferentClocksWithinTheToleranceAreUncertain() {
        Timeline t = Fixtures.timeline("skewed-clocks", TimelineQuery.all());

        int podB = index(t, text("ledger call timed out"));
        int event = index(t, e -> e.source() == Source.EVENT);
        int podA = index(t, text("charge failed"));

        assertThat(podB).isLessThan(event);
        assertThat(event).isLessThan(podA);
        assertThat(t.entries().get(podB).timeUncertain()).isTrue();
        assertThat(t.entries().get(event).timeUncertain()).isTrue();
        assertThat(t.entries().get(podA).timeUncertain()).isTrue();
        assertThat(t.entries().get(podB).time()).isEqualTo(Instant.parse("2026-12-07T11:59:59.100Z"));
        assertThat(t.entries().get(podA).time()).isEqualTo(Instant.parse("2026-12-07T12:00:00.600Z"));
    }

    @Test
    void entriesFartherApartThanTheToleranceKeepTheirOrder() {
        Timeline t = Fixtures.timeline("skewed-clocks", TimelineQuery.all());

        assertThat(t.entries().get(index(t, text("/v1/charges\",\"status\":201,\"trace_id")))).satisfies(e ->
                assertThat(e.timeUncertain()).isFalse());
        assertThat(t.entries().get(index(t, text("ledger reachable again"))).timeUncertain()).isFalse();
        assertThat(t.entries().get(index(t, text("/v1/refunds"))).timeUncertain()).isFalse();
    }

    @Test
    void theToleranceIsConfigurable() {
        Timeline none = Fixtures.timeline("skewed-clocks", TimelineQuery.builder().clockSkew(Duration.ZERO).build());
        Timeline narrow = Fixtures.timeline("skewed-clocks", TimelineQuery.builder().clockSkew(Duration.ofMillis(1000))
                .build());

        assertThat(none.entries()).noneMatch(TimelineEntry::timeUncertain);
        // 0.9 s from pod B's line to the event, 0.6 s from the event to pod A's line, 1.5 s between the two lines
        assertThat(narrow.entries().get(index(narrow, text("ledger call timed out"))).timeUncertain()).isTrue();
        assertThat(narrow.entries().get(index(narrow, text("charge failed"))).timeUncertain()).isTrue();
        Timeline tight = Fixtures.timeline("skewed-clocks", TimelineQuery.builder().clockSkew(Duration.ofMillis(500))
                .since(Instant.parse("2026-12-07T11:30:00Z")).build());
        assertThat(tight.entries()).noneMatch(TimelineEntry::timeUncertain);
    }

    @Test
    void linesOfOneRequestShareItsTraceIdEvenFromATraceparent() {
        Timeline t = Fixtures.timeline("skewed-clocks", TimelineQuery.all());

        assertThat(t.correlated("0af7651916cd43dd8448eb211c80319c")).extracting(TimelineEntry::text)
                .containsExactly("time=2026-12-07T11:59:59.100Z level=error msg=\"ledger call timed out\""
                                + " traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "{\"level\":\"error\",\"ts\":\"2026-12-07T12:00:00.600Z\",\"msg\":\"charge failed: ledger"
                                + " timeout\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"}");
    }
}
