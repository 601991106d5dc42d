package dev.aiops.core.runtime;

import static dev.aiops.core.runtime.RuntimeFixture.agent;
import static dev.aiops.core.runtime.RuntimeFixture.json;
import static dev.aiops.core.runtime.RuntimeFixture.nonIdempotent;
import static dev.aiops.core.runtime.RuntimeFixture.skill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private AgentRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    private static CompositionGraph graph() {
        return CompositionGraph.of(List.of(
                agent("operator", Tier.DOMAIN, skill("scale.plan").build(), "k8s.scale"),
                agent("writer", Tier.INFRASTRUCTURE, nonIdempotent("k8s.scale"))), Set.of());
    }

    /** A clock tests can move. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void sameKeyAndInputReturnsTheStoredResultWithoutRunningSideEffectsAgain() {
        AtomicInteger scaled = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).bind("k8s.scale", call -> {
            scaled.incrementAndGet();
            return json("{\"replicas\":" + call.input().get("replicas").asInt() + "}");
        }).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("scale-api-to-5");

        InvocationResult first = runtime.invoke("k8s.scale", json("{\"replicas\":5}"), ctx);
        InvocationResult again = runtime.invoke("k8s.scale", json("{\"replicas\":5}"), ctx);

        assertThat(scaled).hasValue(1);
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.attempts()).isZero();
        assertThat(again.output()).isEqualTo(first.output());
    }

    @Test
    void anErrorEscapingTheHandlerPropagatesAndReleasesTheKeyForARetry() {
        AtomicInteger scaled = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).bind("k8s.scale", call -> {
            if (scaled.incrementAndGet() == 1) {
                throw new AssertionError("the first attempt dies");
            }
            return json("{\"replicas\":" + call.input().get("replicas").asInt() + "}");
        }).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("scale-api-to-7");

        // the Error itself reaches the caller, not a NullPointerException from the runtime's bookkeeping
        assertThatThrownBy(() -> runtime.invoke("k8s.scale", json("{\"replicas\":7}"), ctx))
                .isInstanceOf(AssertionError.class).hasMessage("the first attempt dies");
        // the key was released: the retry runs the handler instead of waiting for a result that never comes
        InvocationResult retry = runtime.invoke("k8s.scale", json("{\"replicas\":7}"), ctx);

        assertThat(retry.isSuccess()).as("%s", retry.message()).isTrue();
        assertThat(retry.replayed()).isFalse();
        assertThat(scaled).hasValue(2);
    }

    @Test
    void sameKeyWithDifferentInputIsAConflict() {
        AtomicInteger scaled = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).bind("k8s.scale", call -> {
            scaled.incrementAndGet();
            return json("{}");
        }).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("k1");

        runtime.invoke("k8s.scale", json("{\"replicas\":5}"), ctx);
        InvocationResult conflict = runtime.invoke("k8s.scale", json("{\"replicas\":6}"), ctx);

        assertThat(conflict.error()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
        assertThat(conflict.message()).contains("'k1'");
        assertThat(scaled).hasValue(1);
    }

    @Test
    void aFailedCallIsNotStoredSoItCanBeTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).bind("k8s.scale", call -> {
            if (calls.incrementAndGet() == 1) throw new SkillException("conflict", false);
            return json("{}");
        }).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("k2");

        assertThat(runtime.invoke("k8s.scale", json("{}"), ctx).isSuccess()).isFalse();
        InvocationResult second = runtime.invoke("k8s.scale", json("{}"), ctx);

        assertThat(second.isSuccess()).isTrue();
        assertThat(second.replayed()).isFalse();
        assertThat(calls).hasValue(2);
    }

    @Test
    void storedResultsExpireAfterTheirTtl() {
        MutableClock clock = new MutableClock();
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).clock(clock).idempotency(100, Duration.ofMinutes(5))
                .bind("k8s.scale", call -> json("{\"n\":" + calls.incrementAndGet() + "}")).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("k3");

        runtime.invoke("k8s.scale", json("{}"), ctx);
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(runtime.invoke("k8s.scale", json("{}"), ctx).replayed()).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        InvocationResult after = runtime.invoke("k8s.scale", json("{}"), ctx);

        assertThat(after.replayed()).isFalse();
        assertThat(after.output().get("n").asInt()).isEqualTo(2);
    }

    @Test
    void theStoreStaysBounded() {
        IdempotencyStore store = new IdempotencyStore(3, Duration.ofHours(1), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            IdempotencyStore.Claim c = store.begin("s", "k" + i, json("{}"));
            store.complete(((IdempotencyStore.Claim.Owner) c).key(),
                    new InvocationResult(json("{}"), null, null, List.of(), null, 1, false));
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.begin("s", "k9", json("{}"))).isInstanceOf(IdempotencyStore.Claim.Replay.class);
        assertThat(store.begin("s", "k0", json("{}"))).isInstanceOf(IdempotencyStore.Claim.Owner.class);
    }

    @Test
    void aConcurrentRepeatWaitsForTheFirstCall() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).bind("k8s.scale", call -> {
            calls.incrementAndGet();
            entered.countDown();
            release.await(5, TimeUnit.SECONDS);
            return json("{\"done\":true}");
        }).build();
        InvocationContext ctx = InvocationContext.create().withIdempotencyKey("k4");

        CompletableFuture<InvocationResult> first = CompletableFuture.supplyAsync(
                () -> runtime.invoke("k8s.scale", json("{}"), ctx));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<InvocationResult> second = new CompletableFuture<>();
        Thread repeat = new Thread(() -> second.complete(runtime.invoke("k8s.scale", json("{}"), ctx)));
        repeat.start();
        // the repeat is parked waiting for the first call's result (not yet stored): no sleep, its own state says so
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (repeat.getState() != Thread.State.WAITING && repeat.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the repeat waits for the first call").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).replayed()).isFalse();
        assertThat(second.get(5, TimeUnit.SECONDS).replayed()).isTrue();
        assertThat(second.get().output().get("done").asBoolean()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void subagentCallsInheritADerivedKeySoARetriedParentDoesNotRepeatSideEffects() {
        AtomicInteger scaled = new AtomicInteger();
        AtomicInteger planned = new AtomicInteger();
        runtime = AgentRuntime.builder(graph())
                .bind("scale.plan", call -> {
                    planned.incrementAndGet();
                    InvocationResult r = call.invoke("k8s.scale", json("{\"replicas\":3}"));
                    return json("{\"replayed\":" + r.replayed() + ",\"key\":\"" + r.envelope().idempotencyKey() + "\"}");
                })
                .bind("k8s.scale", call -> {
                    scaled.incrementAndGet();
                    return json("{}");
                }).build();

        InvocationResult one = runtime.invoke("scale.plan", json("{\"p\":1}"),
                InvocationContext.create().withIdempotencyKey("plan"));
        InvocationResult two = runtime.invoke("scale.plan", json("{\"p\":2}"),
                InvocationContext.create().withIdempotencyKey("plan-retry"));

        assertThat(one.output().get("key").asString()).startsWith("plan/k8s.scale/");
        assertThat(two.output().get("key").asString()).startsWith("plan-retry/k8s.scale/");
        assertThat(scaled).hasValue(2);
        assertThat(planned).hasValue(2);
    }

    @Test
    void aParentRetriedWithTheSameKeyAfterFailingDoesNotRepeatItsSubagentsSideEffects() {
        AtomicInteger scaled = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        runtime = AgentRuntime.builder(graph())
                .bind("scale.plan", call -> {
                    InvocationResult r = call.invoke("k8s.scale", json("{\"replicas\":3}"));
                    if (attempts.incrementAndGet() == 1) {
                        throw new SkillException("the plan failed after scaling", false);
                    }
                    return json("{\"replayed\":" + r.replayed() + "}");
                })
                .bind("k8s.scale", call -> {
                    scaled.incrementAndGet();
                    return json("{}");
                }).build();

        InvocationResult failed = runtime.invoke("scale.plan", json("{\"p\":1}"),
                InvocationContext.create().withIdempotencyKey("plan"));
        InvocationResult retried = runtime.invoke("scale.plan", json("{\"p\":1}"),
                InvocationContext.create().withIdempotencyKey("plan"));

        assertThat(failed.isSuccess()).isFalse();
        assertThat(retried.isSuccess()).as(retried.toString()).isTrue();
        assertThat(attempts).hasValue(2);
        // the subagent's side effect happened once: the retry's call to it was answered from the store
        assertThat(scaled).hasValue(1);
        assertThat(retried.output().get("replayed").asBoolean()).isTrue();
    }
}
