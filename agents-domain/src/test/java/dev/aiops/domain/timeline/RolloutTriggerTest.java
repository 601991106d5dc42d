package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.Fixtures.index;
import static dev.aiops.domain.timeline.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import dev.aiops.domain.timeline.TimelineEntry.Source;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Deployment shop/cart rolls out revision 2 (a new ReplicaSet at 10:00, image 1.5.0 and a new env var); its pod
 * crash-loops from 10:02. In {@code rollback-recovery} the same rollout is undone at 10:05.
 */
class RolloutTriggerTest {

    @Test
    void theNewReplicaSetShortlyBeforeTheFirstErrorIsTheProbableTrigger() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.all());

        TimelineEntry trigger = t.at(t.markers().trigger());
        TimelineEntry firstError = t.at(t.markers().firstError());
        assertThat(trigger.source()).isEqualTo(Source.ROLLOUT);
        assertThat(trigger.object().name()).isEqualTo("cart-7f9c6d8b4");
        assertThat(trigger.time()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(trigger.text()).isEqualTo("new ReplicaSet cart-7f9c6d8b4 of Deployment cart, revision 2: image cart"
                + " registry.example.com/shop/cart:1.4.2 -> registry.example.com/shop/cart:1.5.0; changed cart.env");
        assertThat(firstError.time()).isEqualTo(Instant.parse("2026-12-07T10:02:10Z"));
        assertThat(firstError.reason()).isEqualTo("BackOff");
        assertThat(t.markers().detection()).isEqualTo(t.markers().firstError());
        assertThat(t.markers().recovery()).isNull();
    }

    @Test
    void aChangeOlderThanTheLookbackIsNoTrigger() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
                .triggerLookback(Duration.ofMinutes(2)).build());

        assertThat(t.markers().firstError()).isNotNull();
        assertThat(t.markers().trigger()).isNull();
        int configMap = index(t, text("ConfigMap cart-config created"));
        assertThat(t.entries().get(configMap).time()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void theContainerFailuresAreErrorsFromStatusEventsAndLogs() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.all());

        assertThat(t.entries()).filteredOn(e -> e.level() == Level.ERROR).extracting(TimelineEntry::text)
                .containsExactly(
                        "Back-off restarting failed container cart in pod cart-7f9c6d8b4-x2k9q_shop(u-cart-7f9c6d8b4-x2k9q)",
                        "{\"level\":\"error\",\"ts\":\"2026-12-07T10:05:10.305Z\",\"caller\":\"cmd/main.go:58\","
                                + "\"msg\":\"config: REDIS_URL is empty\"}",
                        "container cart (previous instance) terminated: Error, exit code 1 (restarts: 3)",
                        "container cart waiting: CrashLoopBackOff: back-off 40s restarting failed container=cart"
                                + " pod=cart-7f9c6d8b4-x2k9q_shop(u-cart-7f9c6d8b4-x2k9q) (restarted 3 times)");
        assertThat(t.entries().get(index(t, text("waiting: CrashLoopBackOff"))).timeUncertain()).isTrue();
    }

    @Test
    void aRollbackAfterTheLastErrorIsTheRecovery() {
        Timeline t = Fixtures.timeline("rollback-recovery", TimelineQuery.all());

        TimelineEntry recovery = t.at(t.markers().recovery());
        assertThat(recovery.reason()).isEqualTo("Rollback");
        assertThat(recovery.time()).isEqualTo(Instant.parse("2026-12-07T10:05:00Z"));
        assertThat(recovery.text()).isEqualTo("Deployment cart back to ReplicaSet cart-6d5f8b7c9 as revision 3 (it was"
                + " revision 1)");
        assertThat(t.at(t.markers().trigger()).object().name()).isEqualTo("cart-7f9c6d8b4");
        assertThat(t.at(t.markers().firstError()).reason()).isEqualTo("BackOff");
    }

    @Test
    void anAvailableTransitionIsARecoveryWhenNothingCameBefore() {
        Timeline t = Fixtures.timeline("rollback-recovery", TimelineQuery.builder()
                .since(Instant.parse("2026-12-07T09:00:00Z")).build());
        Timeline later = Fixtures.timeline("rollback-recovery", TimelineQuery.builder().around("Pod", "shop",
                "cart-7f9c6d8b4-x2k9q").build());

        assertThat(t.markers().recovery()).isLessThan(index(t, text("Available=True")));
        assertThat(later.at(later.markers().firstError()).reason()).isEqualTo("BackOff");
        assertThat(later.markers().recovery()).isNull();
    }

    @Test
    void aDeploymentsConditionsAreRolloutEntries() {
        Timeline t = Fixtures.timeline("rollback-recovery", TimelineQuery.all());

        TimelineEntry progressing = t.entries().get(index(t, text("Progressing=True")));
        assertThat(progressing.source()).isEqualTo(Source.ROLLOUT);
        assertThat(progressing.reason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing.time()).isEqualTo(Instant.parse("2026-12-07T10:06:00Z"));
    }
}
