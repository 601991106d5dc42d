package dev.aiops.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.JsonNode;

/**
 * Results of skill calls kept by idempotency key, bounded in size and age. A repeated key with the same input
 * gets the stored result without running the handler again (a concurrent repeat waits for the first);
 * the same key with another input is a conflict. Failed calls are forgotten so that they can be tried again.
 */
final class IdempotencyStore {

    /** What {@link #begin} found. */
    sealed interface Claim permits Claim.Owner, Claim.Replay, Claim.Conflict {
        /** The caller runs the call and must {@link IdempotencyStore#complete} it. */
        record Owner(String key) implements Claim {
        }

        /** A call with this key and input ran or is running; wait for its result. */
        record Replay(CompletableFuture<InvocationResult> result) implements Claim {
        }

        /** The key was used with another input. */
        record Conflict() implements Claim {
        }
    }

    private record Entry(JsonNode input, CompletableFuture<InvocationResult> result, long createdMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final int maxEntries;
    private final long ttlMillis;
    private final Clock clock;

    IdempotencyStore(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1");
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    Claim begin(String skill, String idempotencyKey, JsonNode input) {
        String key = skill + '\u0000' + idempotencyKey;
        long now = clock.millis();
        while (true) {
            Entry fresh = new Entry(input, new CompletableFuture<>(), now);
            Entry existing = entries.putIfAbsent(key, fresh);
            if (existing == null) {
                order.add(key);
                evictOverflow();
                return new Claim.Owner(key);
            }
            if (now - existing.createdMillis >= ttlMillis) {
                entries.remove(key, existing);
                continue;
            }
            return existing.input.equals(input) ? new Claim.Replay(existing.result) : new Claim.Conflict();
        }
    }

    void complete(String key, InvocationResult result) {
        Entry e = entries.get(key);
        if (e == null) return;
        if (!result.isSuccess()) {
            entries.remove(key, e);
        }
        e.result.complete(result);
    }

    int size() {
        return entries.size();
    }

    /** Drops the oldest finished entries beyond the bound; keys of entries already gone are skipped. */
    private void evictOverflow() {
        while (order.size() > maxEntries) {
            String oldest = order.poll();
            if (oldest == null) return;
            Entry e = entries.get(oldest);
            if (e != null && !e.result.isDone()) {
                order.add(oldest); // still running: keep it, the bound is exceeded only by calls in flight
                return;
            }
            if (e != null) entries.remove(oldest, e);
        }
    }
}
