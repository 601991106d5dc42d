package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.domain.timeline.TimelineEntry.Subject;
import dev.aiops.infra.k8s.SnapshotReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a query covers: its window (and what lies outside it), its namespace, and one object's relations. */
class TimelineScopeTest {

    private static Set<String> objects(Timeline t) {
        return t.entries().stream().map(e -> e.object().kind() + "/" + e.object().name()).collect(Collectors.toSet());
    }

    @Test
    void whatFallsOutsideTheWindowIsCountedNotShown() {
        Timeline all = Fixtures.timeline("rollout-then-failure", TimelineQuery.all());
        Timeline window = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
                .since(Instant.parse("2026-12-07T10:00:00Z")).until(Instant.parse("2026-12-07T10:05:10.250Z")).build());

        assertThat(window.entries()).allSatisfy(e -> assertThat(e.time()).isBetween(
                Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:05:10.250Z")));
        assertThat(window.entries().size() + window.omitted().beforeWindow() + window.omitted().afterWindow())
                .isEqualTo(all.entries().size());
        assertThat(window.omitted().afterWindow()).isEqualTo(3);
        assertThat(window.windowStart()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void theLastHoursEndAtTheSnapshotsLatestTimeWhenNoEndIsGiven() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder().last(Duration.ofMinutes(10))
                .build());

        assertThat(t.windowStart()).isEqualTo(Instant.parse("2026-12-07T09:56:00Z"));
        assertThat(t.windowEnd()).isNull();
        assertThat(t.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(
                Instant.parse("2026-12-07T09:56:00Z")));
        assertThat(Fixtures.timeline("rollout-then-failure", TimelineQuery.builder().last(Duration.ofMinutes(10))
                .until(Instant.parse("2026-12-07T10:01:00Z")).build()).windowStart())
                .isEqualTo(Instant.parse("2026-12-07T09:51:00Z"));
    }

    @Test
    void aroundADeploymentAreItsReplicaSetsPodsServiceAndConfiguration() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
                .around("Deployment", "shop", "cart").build());

        assertThat(objects(t)).containsExactlyInAnyOrder("Deployment/cart", "ReplicaSet/cart-6d5f8b7c9",
                "ReplicaSet/cart-7f9c6d8b4", "Pod/cart-6d5f8b7c9-p4m2x", "Pod/cart-7f9c6d8b4-x2k9q",
                "ConfigMap/cart-config");
    }

    @Test
    void aroundAPodAreItsOwnersButNotItsSiblings() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
                .around("Pod", "shop", "cart-7f9c6d8b4-x2k9q").build());

        assertThat(objects(t)).containsExactlyInAnyOrder("Deployment/cart", "ReplicaSet/cart-7f9c6d8b4",
                "Pod/cart-7f9c6d8b4-x2k9q", "ConfigMap/cart-config");
        assertThat(t.at(t.markers().trigger()).object().name()).isEqualTo("cart-7f9c6d8b4");
    }

    @Test
    void aroundAServiceAreThePodsItSelectsAndTheirOwners() {
        Timeline t = Fixtures.timeline("rollout-then-failure", TimelineQuery.builder()
                .around("Service", "shop", "cart").build());

        assertThat(objects(t)).contains("Pod/cart-6d5f8b7c9-p4m2x", "Pod/cart-7f9c6d8b4-x2k9q", "Deployment/cart");
    }

    @Test
    void podsThatAreGoneAreKnownByTheirOwnersName() {
        assertThat(Scope.madeBy("Deployment", "cart", "Pod", "cart-7f9c6d8b4-x2k9q")).isTrue();
        assertThat(Scope.madeBy("Deployment", "cart", "ReplicaSet", "cart-7f9c6d8b4")).isTrue();
        assertThat(Scope.madeBy("Deployment", "cart", "Pod", "cart-redis-0")).isFalse();
        assertThat(Scope.madeBy("StatefulSet", "cart-redis", "Pod", "cart-redis-0")).isTrue();
        assertThat(Scope.madeBy("CronJob", "backup", "Job", "backup-29012345")).isTrue();
        assertThat(Scope.madeBy("CronJob", "backup", "Pod", "backup-29012345-x7k2p")).isTrue();
        assertThat(Scope.madeBy("ReplicaSet", "cart-7f9c6d8b4", "Pod", "cart-7f9c6d8b4-x2k9q")).isTrue();
        assertThat(Scope.madeBy("DaemonSet", "agent", "Pod", "agent-worker-x7k2p")).isFalse();
        Timeline t = Fixtures.timeline("rollback-recovery", TimelineQuery.builder().around("Deployment", "shop",
                "cart").build());
        assertThat(objects(t)).contains("Pod/cart-7f9c6d8b4-x2k9q");
    }

    @Test
    void aNamespaceLeavesOutTheOthersAndClusterScopedObjects() {
        Timeline t = TimelineBuilder.build(SnapshotReader.read(Fixtures.resource("scenarios/node-notready/dump")),
                TimelineQuery.builder().namespace("catalog").build());

        assertThat(t.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.object().namespace()).isEqualTo("catalog"));
    }

    @Test
    void queriesAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> TimelineQuery.builder().since(Instant.parse("2026-12-07T10:00:00Z"))
                .until(Instant.parse("2026-12-07T09:00:00Z")).build()).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> TimelineQuery.builder().since(Instant.EPOCH).last(Duration.ofHours(1)).build())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> TimelineQuery.builder().clockSkew(Duration.ofSeconds(-1))).hasMessageContaining(
                "negative");
        assertThatThrownBy(() -> TimelineQuery.builder().triggerLookback(Duration.ZERO)).hasMessageContaining(
                "positive");
        assertThatThrownBy(() -> TimelineQuery.builder().last(Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> TimelineQuery.builder().namespace(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> TimelineQuery.builder().around("Pod", "shop", "")).hasMessageContaining("name");
        assertThat(TimelineQuery.all().clockSkew()).isEqualTo(TimelineQuery.DEFAULT_CLOCK_SKEW);
        assertThat(TimelineQuery.builder().around("Pod", "a", "b").anywhere().build().around()).isNull();
    }

    @Test
    void objectsAreWrittenAsKubectlWritesThem() {
        assertThat(Subject.parse("deploy/cart", "shop")).isEqualTo(Subject.of("Deployment", "shop", "cart"));
        assertThat(Subject.parse("po/shop/cart-1", null)).isEqualTo(Subject.of("Pod", "shop", "cart-1"));
        assertThat(Subject.parse("node/node-a", "shop")).isEqualTo(Subject.of("Node", null, "node-a"));
        assertThat(Subject.parse("rollout/canary", "shop").kind()).isEqualTo("Rollout");
        assertThatThrownBy(() -> Subject.parse("cart", "shop")).hasMessageContaining("KIND/NAME");
        assertThatThrownBy(() -> Subject.parse("deploy/", "shop")).hasMessageContaining("KIND/NAME");
    }
}
