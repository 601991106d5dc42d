package dev.aiops.core.runtime;

import static dev.aiops.core.runtime.RuntimeFixture.agent;
import static dev.aiops.core.runtime.RuntimeFixture.json;
import static dev.aiops.core.runtime.RuntimeFixture.nonIdempotent;
import static dev.aiops.core.runtime.RuntimeFixture.skill;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.core.contract.Sla;
import dev.aiops.core.contract.Tier;
import dev.aiops.core.graph.CompositionGraph;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

class ResilienceTest {

    private static final ResilienceSettings FAST = ResilienceSettings.builder()
            .initialBackoff(Duration.ofMillis(1)).minimumNumberOfCalls(4).slidingWindowSize(4)
            .openStateWait(Duration.ofMinutes(1)).build();

    private AgentRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) runtime.close();
    }

    private static CompositionGraph graph() {
        return CompositionGraph.of(List.of(
                agent("reader", Tier.INFRASTRUCTURE, skill("k8s.read").build()),
                agent("slow", Tier.INFRASTRUCTURE, skill("k8s.slow")
                        .sla(new Sla(Duration.ofMillis(150), Duration.ofMillis(100), 99.0)).build()),
                agent("writer", Tier.INFRASTRUCTURE, nonIdempotent("k8s.scale"))), Set.of());
    }

    @Test
    void timesOutAnAttemptAfterTheSlaTimeoutAndInterruptsTheHandler() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        runtime = AgentRuntime.builder(graph()).resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("k8s.slow", call -> {
                    try {
                        return blockUntilInterrupted();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                }).build();

        InvocationResult r = runtime.invoke("k8s.slow", json("{}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(r.message()).isEqualTo("'k8s.slow' took longer than its timeout of 150 ms (attempt 1)");
        assertThat(interrupted.getCount()).as("handler interrupted").isZero();
    }

    @Test
    void retriesAnIdempotentSkillOnRetryableFailures() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).resilience(FAST).bind("k8s.read", call -> {
            if (calls.incrementAndGet() < 3) throw new IOException("connection reset");
            return json("{\"attempt\":" + call.attempt() + "}");
        }).build();

        InvocationResult r = runtime.invoke("k8s.read", json("{}"), InvocationContext.create());

        assertThat(r.isSuccess()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.output().get("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).resilience(FAST).bind("k8s.read", call -> {
            calls.incrementAndGet();
            throw new SkillException("api server unavailable", true);
        }).build();

        InvocationResult r = runtime.invoke("k8s.read", json("{}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
        assertThat(r.message()).isEqualTo("api server unavailable");
        assertThat(calls).hasValue(ResilienceSettings.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void doesNotRetryNonRetryableErrors() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).resilience(FAST).bind("k8s.read", call -> {
            calls.incrementAndGet();
            throw new SkillException("forbidden", false);
        }).build();

        assertThat(runtime.invoke("k8s.read", json("{}"), InvocationContext.create()).attempts()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void neverRetriesANonIdempotentSkill() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph()).resilience(FAST).bind("k8s.scale", call -> {
            calls.incrementAndGet();
            throw new IOException("connection reset");
        }).build();

        InvocationResult r = runtime.invoke("k8s.scale", json("{}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.HANDLER_ERROR);
        assertThat(calls).hasValue(1);
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndStopsCallingTheHandler() {
        AtomicInteger calls = new AtomicInteger();
        runtime = AgentRuntime.builder(graph())
                .resilience(ResilienceSettings.builder().maxAttempts(1).minimumNumberOfCalls(4).slidingWindowSize(4)
                        .build())
                .bind("k8s.read", call -> {
                    calls.incrementAndGet();
                    throw new SkillException("boom", false);
                }).build();

        for (int i = 0; i < 4; i++) {
            assertThat(runtime.invoke("k8s.read", json("{}"), InvocationContext.create()).error())
                    .isEqualTo(ErrorCode.HANDLER_ERROR);
        }
        InvocationResult r = runtime.invoke("k8s.read", json("{}"), InvocationContext.create());

        assertThat(r.error()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(r.error().isTransient()).isTrue();
        assertThat(calls).hasValue(4);
    }

    @Test
    void bulkheadRejectsCallsBeyondTheConcurrencyLimit() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runtime = AgentRuntime.builder(graph()).resilience(ResilienceSettings.builder().maxConcurrentCalls(1).build())
                .bind("k8s.read", call -> {
                    entered.countDown();
                    release.await(5, TimeUnit.SECONDS);
                    return json("{}");
                }).build();

        CompletableFuture<InvocationResult> first = CompletableFuture.supplyAsync(
                () -> runtime.invoke("k8s.read", json("{}"), InvocationContext.create()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        InvocationResult second = runtime.invoke("k8s.read", json("{}"), InvocationContext.create());
        release.countDown();

        assertThat(second.error()).isEqualTo(ErrorCode.BULKHEAD_FULL);
        assertThat(first.get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    @Test
    void failsFastWhenTheDeadlineHasPassed() {
        AtomicBoolean ran = new AtomicBoolean();
        runtime = AgentRuntime.builder(graph()).bind("k8s.read", call -> {
            ran.set(true);
            return json("{}");
        }).build();

        InvocationResult r = runtime.invoke("k8s.read", json("{}"),
                InvocationContext.create().withDeadline(Instant.now().minusSeconds(1)));

        assertThat(r.error()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        assertThat(ran).isFalse();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // an attempt the deadline does not bound runs for an hour
    void aDeadlineShorterThanTheSlaBoundsTheAttempt() {
        // the runtime's clock is fixed, so the deadline is exactly one second ahead whenever the call starts
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        CompositionGraph g = CompositionGraph.of(List.of(agent("watcher", Tier.INFRASTRUCTURE,
                skill("k8s.watch").sla(new Sla(Duration.ofHours(1), Duration.ofMinutes(1), 99.0)).build())), Set.of());
        CountDownLatch interrupted = new CountDownLatch(1);
        runtime = AgentRuntime.builder(g).clock(Clock.fixed(now, ZoneOffset.UTC))
                .resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("k8s.watch", call -> {
                    try {
                        return blockUntilInterrupted();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                }).build();

        InvocationResult r = runtime.invoke("k8s.watch", json("{}"),
                InvocationContext.create().withDeadline(now.plusSeconds(1)));

        assertThat(r.error()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(interrupted.getCount()).as("handler interrupted at the deadline").isZero();
    }

    @Test
    void aTimeoutOnTheCallingThreadDoesNotLeakItsInterrupt() {
        runtime = AgentRuntime.builder(graph()).resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("k8s.slow", call -> blockUntilInterrupted())
                .bind("k8s.read", call -> json("{\"ok\":true}")).build();

        InvocationResult slow = runtime.invoke("k8s.slow", json("{}"), InvocationContext.create());

        assertThat(slow.error()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(runtime.invoke("k8s.read", json("{}"), InvocationContext.create()).isSuccess()).isTrue();
    }

    @Test
    void isolatedHandlersReleaseTheCallerEvenWhenTheyIgnoreInterrupts() {
        CountDownLatch release = new CountDownLatch(1);
        runtime = AgentRuntime.builder(graph()).isolateHandlers()
                .resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("k8s.slow", call -> {
                    // never looks at its interrupt flag: it runs until the test releases it after invoke returned
                    // (or, were the caller held until it ends, gives up on its own and succeeds, failing the test)
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (release.getCount() > 0 && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                    return json("{}");
                }).build();

        InvocationResult r = runtime.invoke("k8s.slow", json("{}"), InvocationContext.create());
        release.countDown();

        assertThat(r.error()).as("the caller is let go at the timeout while the handler still runs")
                .isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void aSubagentTimeoutIsTheSubagentsFailureNotTheCallers() {
        CompositionGraph g = CompositionGraph.of(List.of(
                agent("parent", Tier.DOMAIN, skill("parent.run").build(), "k8s.slow"),
                agent("slow", Tier.INFRASTRUCTURE, skill("k8s.slow")
                        .sla(new Sla(Duration.ofMillis(150), Duration.ofMillis(100), 99.0)).build())), Set.of());
        runtime = AgentRuntime.builder(g).resilience(ResilienceSettings.builder().maxAttempts(1).build())
                .bind("parent.run", call -> {
                    InvocationResult child = call.invoke("k8s.slow", json("{}"));
                    return json("{\"child\":\"" + child.error() + "\",\"interrupted\":"
                            + Thread.currentThread().isInterrupted() + "}");
                })
                .bind("k8s.slow", call -> blockUntilInterrupted()).build();

        InvocationResult r = runtime.invoke("parent.run", json("{}"), InvocationContext.create());

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.output().get("child").asString()).isEqualTo("TIMEOUT");
        assertThat(r.output().get("interrupted").asBoolean()).isFalse();
    }

    @Test
    void validatesSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResilienceSettings.builder().maxAttempts(0).build())
                .hasMessageContaining("maxAttempts");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ResilienceSettings.builder().failureRateThreshold(0).build())
                .hasMessageContaining("failureRateThreshold");
    }

    /** A handler body that blocks until its thread is interrupted, as the runtime does at the time limit. */
    private static JsonNode blockUntilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable: the latch is never released");
    }
}
