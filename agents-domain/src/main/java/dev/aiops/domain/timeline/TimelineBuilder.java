package dev.aiops.domain.timeline;

import static dev.aiops.domain.timeline.TimeScanner.NONE;

import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.K8s;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * Makes the {@link Timeline} of a snapshot: events, pod and container statuses, rollouts and container logs of the
 * query's scope and window, merged in one ordered list, with the skew tolerance applied and the markers found.
 *
 * <p>Only what lies in the window is kept (what lies outside is counted), so memory follows the window, not the
 * snapshot. On large snapshots the sources and the logs (in runs of pods) are read on the machine's cores, at most
 * four; the timeline is the same whatever the number of threads.
 */
public final class TimelineBuilder {

    private static final int PARALLEL_FROM = 5_000;
    private static final int PODS_PER_RUN = 500;
    private static final int ENTRIES_PER_RUN = 25_000;
    private static final int EVENTS_PER_RUN = 10_000;

    private TimelineBuilder() {
    }

    /** The timeline of {@code query} in {@code snapshot}, using the machine's cores on a large snapshot. */
    public static Timeline build(ClusterSnapshot snapshot, TimelineQuery query) {
        return build(snapshot, query, 0, Clock.systemUTC());
    }

    /** The same on at most {@code threads} threads (1: on the calling thread only). */
    public static Timeline build(ClusterSnapshot snapshot, TimelineQuery query, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        return build(snapshot, query, threads, Clock.systemUTC());
    }

    static Timeline build(ClusterSnapshot snapshot, TimelineQuery query, int threads, Clock clock) {
        Instant now = clock.instant();
        Scope scope = Scope.of(snapshot, query);
        long since = TimeScanner.nanos(query.since());
        long until = TimeScanner.nanos(query.until());
        long latest = NONE;
        if (query.last() != null) {
            long end = until;
            if (end == NONE) end = latest = latest(snapshot, scope);
            if (end == NONE) end = TimeScanner.nanos(now);
            since = end - query.last().toNanos();
        }
        long reference = until != NONE ? until : latest != NONE ? latest : TimeScanner.nanos(now);
        int n = threads > 0 ? threads : snapshot.objectCount() < PARALLEL_FROM ? 1
                : Math.min(4, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = n < 2 ? null : Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "aiops-timeline");
            t.setDaemon(true);
            return t;
        });
        Window all = new Window(since, until);
        Draft[] drafts;
        TimelineEntry[] entries;
        Timeline.Markers markers;
        long skew = query.clockSkew().toNanos();
        try {
            read(snapshot, scope, all, reference, pool == null ? Runnable::run : pool);
            drafts = all.drafts.toArray(new Draft[0]);
            Ordering.sort(drafts, pool != null);
            Ordering.markSkew(drafts, skew);
            markers = MarkerFinder.find(drafts, query.triggerLookback().toNanos(), skew);
            entries = entries(drafts, pool);
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new Timeline(snapshot.source(), now, query, since == NONE ? null : TimeScanner.toInstant(since),
                until == NONE ? null : TimeScanner.toInstant(until), Arrays.asList(entries), markers,
                new Timeline.Omitted(all.before, all.after, all.blankLogLines, all.undated), snapshot.warnings());
    }

    /** The entries of sorted drafts, in runs on the pool when there is one. */
    private static TimelineEntry[] entries(Draft[] drafts, ExecutorService pool) {
        TimelineEntry[] out = new TimelineEntry[drafts.length];
        if (pool == null || drafts.length < 2 * ENTRIES_PER_RUN) {
            for (int i = 0; i < drafts.length; i++) out[i] = drafts[i].toEntry();
            return out;
        }
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int from = 0; from < drafts.length; from += ENTRIES_PER_RUN) {
            int start = from;
            int end = Math.min(drafts.length, from + ENTRIES_PER_RUN);
            runs.add(CompletableFuture.runAsync(() -> {
                for (int i = start; i < end; i++) out[i] = drafts[i].toEntry();
            }, pool));
        }
        runs.forEach(CompletableFuture::join);
        return out;
    }

    /** Reads every source into {@code all}: rollouts, events, statuses, then logs, in that order for equal times. */
    private static void read(ClusterSnapshot s, Scope scope, Window all, long reference, Executor executor) {
        List<JsonNode> eventList = EventEntries.events(s, scope);
        List<EventEntries> eventRuns = new ArrayList<>();
        List<CompletableFuture<Void>> eventReads = new ArrayList<>();
        for (int from = 0; from == 0 || from < eventList.size(); from += EVENTS_PER_RUN) {
            EventEntries run = new EventEntries(all.fresh(), from == 0 ? eventList.size() : EVENTS_PER_RUN);
            eventRuns.add(run);
            List<JsonNode> part = eventList.subList(from, Math.min(eventList.size(), from + EVENTS_PER_RUN));
            eventReads.add(CompletableFuture.runAsync(() -> run.read(part, scope), executor));
        }
        Window events = all.fresh();
        Window rollouts = all.fresh();
        CompletableFuture<Void> eventsAndRollouts = CompletableFuture.allOf(eventReads.toArray(
                new CompletableFuture<?>[0])).thenRunAsync(() -> {
                    EventEntries merged = eventRuns.get(0);
                    for (int i = 1; i < eventRuns.size(); i++) merged.merge(eventRuns.get(i));
                    merged.drafts().forEach(events::add);
                    events.merge(eventRuns.get(0).window());
                    new RolloutEntries(merged.scaledUp).read(s, scope, rollouts);
                }, executor);
        Window statuses = all.fresh();
        CompletableFuture<Void> status = CompletableFuture.runAsync(() -> new StatusEntries().read(s, scope,
                statuses), executor);
        List<JsonNode> pods = new ArrayList<>();
        List<Map<String, List<String>>> logs = new ArrayList<>();
        for (JsonNode pod : scope.namespace() == null ? s.objects("Pod") : s.objects("Pod", scope.namespace())) {
            String ns = K8s.namespace(pod);
            String name = K8s.name(pod);
            Map<String, List<String>> l = s.logs(ns, name);
            if (!l.isEmpty() && scope.includes("Pod", ns, name)) {
                pods.add(pod);
                logs.add(l);
            }
        }
        List<Window> runs = new ArrayList<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (int from = 0; from < pods.size(); from += PODS_PER_RUN) {
            int to = Math.min(pods.size(), from + PODS_PER_RUN);
            Window w = all.fresh();
            runs.add(w);
            List<JsonNode> p = pods.subList(from, to);
            List<Map<String, List<String>>> l = logs.subList(from, to);
            reads.add(CompletableFuture.runAsync(() -> new LogEntries(reference).read(p, l, w), executor));
        }
        eventsAndRollouts.join();
        status.join();
        reads.forEach(CompletableFuture::join);
        all.merge(rollouts);
        all.merge(events);
        all.merge(statuses);
        runs.forEach(all::merge);
    }

    /** The latest time the snapshot's objects in scope record (events, pod statuses, rollouts); NONE if none. */
    static long latest(ClusterSnapshot s, Scope scope) {
        String ns = scope.namespace();
        long latest = NONE;
        for (JsonNode e : ns == null ? s.objects("Event") : s.objects("Event", ns)) {
            latest = Math.max(latest, Math.max(EventEntries.first(e), EventEntries.last(e)));
        }
        for (String kind : new String[] {"Pod", "Deployment"}) {
            for (JsonNode o : ns == null ? s.objects(kind) : s.objects(kind, ns)) {
                JsonNode status = o.path("status");
                for (JsonNode c : K8s.list(status.get("conditions"))) {
                    latest = Math.max(latest, TimeScanner.instant(K8s.text(c, "lastTransitionTime", null)));
                    latest = Math.max(latest, TimeScanner.instant(K8s.text(c, "lastUpdateTime", null)));
                }
                for (JsonNode cs : K8s.list(status.get("containerStatuses"))) {
                    for (String state : new String[] {"state", "lastState"}) {
                        JsonNode st = cs.path(state);
                        latest = Math.max(latest, TimeScanner.instant(K8s.text(st, "running", "startedAt")));
                        latest = Math.max(latest, TimeScanner.instant(K8s.text(st, "terminated", "finishedAt")));
                    }
                }
            }
        }
        for (JsonNode rs : ns == null ? s.objects("ReplicaSet") : s.objects("ReplicaSet", ns)) {
            latest = Math.max(latest, TimeScanner.instant(K8s.text(rs.path("metadata"), "creationTimestamp", null)));
        }
        return latest;
    }
}
