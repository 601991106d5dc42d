package dev.aiops.core.notify;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each notification to every sink without blocking the caller.
 *
 * <p>Each sink has its own daemon thread and a queue of 1,000 notifications, so a sink that hangs delays
 * only its own notifications. A failed send is retried with exponential backoff ({@link RetryPolicy}, honouring a
 * server's {@code Retry-After}) on a shared daemon scheduler; a failure after the last attempt, or one that cannot
 * be helped by retrying (an HTTP 4xx other than 429), is logged as a warning naming the sink (a webhook by its
 * host only), never thrown. A retried notification goes to the back of its sink's queue, so it may arrive after
 * later ones.
 *
 * <p>{@link #close()} waits up to 5 seconds for queued sends and retries, then stops; the threads are daemons, so
 * an application that exits without closing loses what is still queued.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    static final int QUEUE_PER_SINK = 1_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<Lane> lanes;
    private final ScheduledThreadPoolExecutor scheduler;
    /** How long close waits for deliveries that its shutdown interrupted to finish on their own threads. */
    private static final Duration FINISHING_WAIT = Duration.ofSeconds(30);

    private final Duration closeWait;
    private final Set<Delivery> inflight = ConcurrentHashMap.newKeySet();
    /** The futures notify returned that are not complete yet: close waits for these themselves. */
    private final Set<CompletableFuture<Void>> returned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Notifier(List<NotificationSink> sinks, RetryPolicy retry, Duration closeWait) {
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        int id = IDS.incrementAndGet();
        List<Lane> out = new ArrayList<>();
        for (NotificationSink sink : sinks) {
            out.add(new Lane(Objects.requireNonNull(sink, "sink"), retry, "aiops-notify-" + id + "-" + sink.name()));
        }
        this.lanes = List.copyOf(out);
        if (lanes.isEmpty()) {
            this.scheduler = null;
        } else {
            this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("aiops-notify-" + id + "-retry"));
            scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
            scheduler.allowCoreThreadTimeOut(true);
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
    }

    /** A notifier that sends nothing. */
    public static Notifier none() {
        return new Notifier(List.of(), RetryPolicy.defaults(), CLOSE_WAIT);
    }

    /** A notifier sending to {@code sinks}, each retried by {@code retry}. */
    public static Notifier of(List<NotificationSink> sinks, RetryPolicy retry) {
        return of(sinks, retry, CLOSE_WAIT);
    }

    static Notifier of(List<NotificationSink> sinks, RetryPolicy retry, Duration closeWait) {
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(retry, "retry");
        return new Notifier(sinks, retry, closeWait);
    }

    /**
     * The notifier configured by the {@code notifications:} section of {@code configYaml} (see the README):
     * {@link #none()} when there is no such file or section.
     *
     * @param stdout where a {@code stdout} sink writes; null means {@link System#out}
     * @throws IllegalArgumentException naming the file and the field (e.g. {@code notifications.sinks[1].url})
     *                                  when the section is wrong
     */
    public static Notifier fromConfig(Path configYaml, PrintStream stdout) {
        NotificationConfig.Parsed parsed = NotificationConfig.read(configYaml, stdout == null ? System.out : stdout);
        return parsed.sinks().isEmpty() ? none() : of(parsed.sinks(), parsed.retry());
    }

    /** The sinks' names, in order (webhooks by host only). */
    List<String> sinkNames() {
        return lanes.stream().map(l -> l.sink.name()).toList();
    }

    /**
     * Queues {@code n} for every sink and returns at once. The future completes (normally) when every sink has
     * delivered it or given up; it never completes exceptionally. After {@link #close()} nothing is sent.
     */
    public CompletableFuture<Void> notify(Notification n) {
        Objects.requireNonNull(n, "notification");
        if (lanes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed.get()) {
            log.warn("notify: the notifier is closed; '{}' ({}) was not sent", n.title(), n.type());
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] each = new CompletableFuture<?>[lanes.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = new Delivery(lanes.get(i), n).start();
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(each);
        returned.add(all);
        all.whenComplete((ok, failure) -> returned.remove(all));
        return all;
    }

    /**
     * Waits up to 5 seconds for queued sends and retries, then stops the threads; what is still pending is logged
     * as not sent. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || lanes.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(inflight.stream().map(d -> d.done).toArray(CompletableFuture<?>[]::new))
                    .get(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what is left is reported, delivery by delivery, below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // every delivery still open now: one interrupted below may finish on its own thread, after leaving inflight
        List<Delivery> open = List.copyOf(inflight);
        List<CompletableFuture<Void>> promised = List.copyOf(returned);
        scheduler.shutdownNow();
        lanes.forEach(l -> l.executor.shutdownNow());
        List<Delivery> left = List.copyOf(inflight);
        for (Delivery d : left) {
            d.finish(new SinkException("still pending when the notifier closed (after waiting up to "
                    + closeWait.toMillis() + " ms)", false, null));
        }
        // Every delivery in open is now claimed: by the loop above, or by its own thread, which won finish's claim
        // when the shutdown interrupted it and is now only logging and completing (it cannot block). Wait for those,
        // so that every future notify returned is complete when close returns; the bound only guards a wedged logger.
        // The returned futures are waited for themselves: a delivery's future can be complete while the thread that
        // completed it is still passing that on to the future notify returned.
        try {
            CompletableFuture.allOf(Stream.concat(open.stream().map(d -> d.done), promised.stream())
                    .toArray(CompletableFuture<?>[]::new)).get(FINISHING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // nothing more to do: the futures complete when their threads get to it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean retryable(Throwable t) {
        if (t instanceof SinkException se) {
            return se.retryable();
        }
        return !(t instanceof InterruptedException);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One sink: its thread and queue, and its retry. */
    private static final class Lane {
        final NotificationSink sink;
        final ThreadPoolExecutor executor;
        final Retry retry;

        Lane(NotificationSink sink, RetryPolicy policy, String threadName) {
            this.sink = sink;
            this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(QUEUE_PER_SINK), daemon(threadName));
            executor.allowCoreThreadTimeOut(true);
            IntervalBiFunction<Void> wait = (attempt, outcome) -> {
                Duration d = policy.backoff(attempt);
                Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
                if (failure instanceof SinkException se && se.retryAfter() != null) {
                    d = se.retryAfter();
                }
                log.debug("notify: {} attempt {} of {} failed ({}); retrying in {} ms", sink.name(), attempt,
                        policy.attempts(), failure == null ? "?" : describe(failure), d.toMillis());
                return d.toMillis();
            };
            this.retry = Retry.of(threadName, RetryConfig.<Void>custom()
                    .maxAttempts(policy.attempts())
                    .intervalBiFunction(wait)
                    .retryOnException(Notifier::retryable)
                    .build());
        }
    }

    private static String describe(Throwable t) {
        return t instanceof SinkException ? t.getMessage() : t.toString();
    }

    /** One notification on its way to one sink. */
    private final class Delivery {
        final Lane lane;
        final Notification n;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();

        Delivery(Lane lane, Notification n) {
            this.lane = lane;
            this.n = n;
        }

        CompletableFuture<Void> start() {
            inflight.add(this);
            CompletionStage<Void> outcome;
            try {
                outcome = lane.retry.executeCompletionStage(scheduler, this::attempt);
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            outcome.whenComplete((ok, failure) -> finish(failure));
            return done;
        }

        /** Queues one send on the sink's thread; never blocks. */
        private CompletionStage<Void> attempt() {
            attempts.incrementAndGet();
            CompletableFuture<Void> result = new CompletableFuture<>();
            try {
                lane.executor.execute(() -> {
                    if (finished.get()) {
                        result.completeExceptionally(new SinkException("abandoned", false, null));
                        return;
                    }
                    try {
                        lane.sink.send(n);
                        result.complete(null);
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new SinkException(closed.get() ? "the notifier is closed"
                        : "its queue is full (" + QUEUE_PER_SINK + " waiting)", false, null));
            }
            return result;
        }

        void finish(Throwable failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                log.debug("notify: '{}' ({}) sent to {} in {} attempt(s)", n.title(), n.type(), lane.sink.name(),
                        attempts.get());
            } else if (cause instanceof SinkException) {
                log.warn("notify: '{}' ({}) not sent to {} after {} attempt(s): {}", n.title(), n.type(),
                        lane.sink.name(), attempts.get(), cause.getMessage());
            } else {
                log.warn("notify: '{}' ({}) not sent to {} after {} attempt(s): {}", n.title(), n.type(),
                        lane.sink.name(), attempts.get(), cause.toString(), cause);
            }
            done.complete(null);
            // only now: close waits for every delivery still in inflight, so none may leave it before completing
            inflight.remove(this);
        }
    }
}
