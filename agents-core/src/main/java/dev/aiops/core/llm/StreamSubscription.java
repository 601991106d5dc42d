package dev.aiops.core.llm;

import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's streamed call. A worker thread reads the next event only when the subscriber has demand, so at
 * most one event is held between the socket and the subscriber; with no demand the worker waits and the TCP window
 * fills, which stops the provider. Signals are serial (all from the worker); {@code cancel()} may come from any
 * thread and closes the HTTP stream at once, unblocking a read in progress.
 */
final class StreamSubscription implements Flow.Subscription {

    private final LlmGateway gateway;
    private final LlmCall call;
    private final Flow.Subscriber<? super StreamEvent> subscriber;
    private final Object lock = new Object();
    private long demand;
    private boolean cancelled;
    private IllegalArgumentException badRequest;
    private volatile EventStream stream;

    StreamSubscription(LlmGateway gateway, LlmCall call, Flow.Subscriber<? super StreamEvent> subscriber) {
        this.gateway = gateway;
        this.call = call;
        this.subscriber = subscriber;
    }

    void start() {
        subscriber.onSubscribe(this);
        gateway.pool().execute(this::run);
    }

    @Override
    public void request(long n) {
        synchronized (lock) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            lock.notifyAll();
        }
    }

    @Override
    public void cancel() {
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
        }
        EventStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /** Waits until there is demand; false when cancelled or the subscriber broke the protocol. */
    private boolean awaitDemand() throws InterruptedException {
        synchronized (lock) {
            while (demand == 0 && !cancelled && badRequest == null) {
                lock.wait();
            }
            if (badRequest != null || cancelled) {
                return false;
            }
            demand--;
            return true;
        }
    }

    private void run() {
        Span span = gateway.telemetry().start(call, gateway.modelName());
        long start = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        StringBuilder output = new StringBuilder();
        try {
            if (!awaitDemand()) {
                stopped(span, start, attempts.get());
                return;
            }
            StreamEvent event = gateway.guarded(() -> {
                attempts.incrementAndGet();
                closeQuietly();
                EventStream s = gateway.streaming().open(gateway.request(call));
                stream = s;
                if (isCancelled()) {
                    s.close();
                }
                return s.next();
            });
            while (true) {
                if (event == null) {
                    throw new OpenAiOfficialModel.TruncatedStreamException("the stream ended without completing");
                }
                if (event instanceof StreamEvent.TextDelta t) {
                    output.append(t.text());
                } else if (event instanceof StreamEvent.ToolCall tc) {
                    output.append(tc.name()).append(tc.arguments());
                } else if (event instanceof StreamEvent.Completed c) {
                    Usage usage = c.usage() == null
                            ? gateway.usageOf(null, call, output.toString()) : gateway.priced(c.usage());
                    long nanos = System.nanoTime() - start;
                    FinishReason finish = c.finishReason();
                    gateway.record(call, usage, nanos, attempts.get(), true, finish,
                            finish == FinishReason.CONTENT_FILTER ? "refused" : "ok", null);
                    gateway.telemetry().succeeded(span, gateway.modelName(), null, LlmGateway.finishName(finish),
                            usage, attempts.get(), nanos);
                    subscriber.onNext(new StreamEvent.Completed(finish, usage));
                    closeQuietly();
                    subscriber.onComplete();
                    return;
                }
                subscriber.onNext(event);
                if (!awaitDemand()) {
                    stopped(span, start, attempts.get());
                    return;
                }
                event = stream.next();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            stopped(span, start, attempts.get());
        } catch (RuntimeException e) {
            closeQuietly();
            if (isCancelled()) {
                stopped(span, start, attempts.get());
                return;
            }
            subscriber.onError(gateway.failed(call, span, e, Math.max(1, attempts.get()),
                    System.nanoTime() - start, true));
        }
    }

    private boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    /** Ends a stream the subscriber cancelled (no further signal) or broke the protocol on (onError). */
    private void stopped(Span span, long start, int attempts) {
        closeQuietly();
        IllegalArgumentException bad;
        synchronized (lock) {
            bad = badRequest;
        }
        long nanos = System.nanoTime() - start;
        gateway.telemetry().failed(span, gateway.modelName(), bad != null ? "bad_request" : "cancelled",
                bad != null ? bad : new java.util.concurrent.CancellationException("cancelled by the subscriber"),
                attempts, nanos);
        gateway.record(call, Usage.NONE, nanos, attempts, true, null, "cancelled", null);
        if (bad != null) {
            subscriber.onError(bad);
        }
    }

    private void closeQuietly() {
        EventStream s = stream;
        if (s != null) {
            s.close();
        }
    }
}
