package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The timeline for people: a line per entry with the markers beside it, or a Markdown table. */
class TimelineTextTest {

    private static final Timeline T = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
            .since(Instant.parse("2026-12-07T09:00:00Z")).build());

    @Test
    void textHasALinePerEntryWithItsMarkersAndTheSummary() {
        String text = TimelineText.text(T, false);

        assertThat(text).startsWith(T.entries().size() + " entries from dump ")
                .contains(", all namespaces, from 2026-12-07T09:00:00Z to the end (clock-skew tolerance 2s)")
                .contains("2026-12-07 10:00:00.000~ rollout INFO    ReplicaSet shop/cart-7f9c6d8b4  new ReplicaSet"
                        + " cart-7f9c6d8b4 of Deployment cart, revision 2")
                .contains("<- trigger")
                .contains("BackOff: Back-off restarting failed container cart in pod cart-7f9c6d8b4-x2k9q_shop"
                        + "(u-cart-7f9c6d8b4-x2k9q) (x8, 2026-12-07 10:02:10.000 to 2026-12-07 10:06:00.000)   <-"
                        + " detection, first error")
                .contains("Markers:\n  probable trigger: #")
                .contains("  recovery: none found\n")
                .contains("Not shown: " + T.omitted().beforeWindow() + " before the window.")
                .contains("~ the time was not in the line");
        assertThat(text.lines().filter(l -> l.matches("^ *\\d+ 2026-.*"))).hasSize(T.entries().size());
        assertThat(TimelineText.text(T, true)).contains("\u001b[31mERROR  \u001b[0m");
    }

    @Test
    void markdownIsATableWithTheMarkersFirst() {
        String md = TimelineText.markdown(T);

        assertThat(md).startsWith("# Timeline\n\n").contains("## Markers\n\n- probable trigger: #")
                .contains("| # | time (UTC) | source | level | object | what happened | |")
                .contains("| rollout | info | ReplicaSet shop/cart-7f9c6d8b4 | new ReplicaSet cart-7f9c6d8b4")
                .contains("**detection, first error**");
        assertThat(md.lines().filter(l -> l.matches("^\\| \\d+ \\|.*"))).hasSize(T.entries().size());
    }

    @Test
    void pipesAndNewlinesDoNotBreakTheTable() {
        Timeline t = Fixtures.timeline("skewed-clocks", TimelineQuery.all());

        assertThat(TimelineText.markdown(t).lines().filter(l -> l.startsWith("| ")).allMatch(l -> l.endsWith(" |")))
                .isTrue();
    }
}
