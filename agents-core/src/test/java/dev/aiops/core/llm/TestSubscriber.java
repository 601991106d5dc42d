package dev.aiops.core.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Records every signal; demand is given by the test. */
final class TestSubscriber implements Flow.Subscriber<StreamEvent> {

    final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    /** One permit per event received, for tests that wait for a number of events. */
    private final Semaphore received = new Semaphore(0);
    volatile Throwable error;
    volatile boolean completed;
    volatile Flow.Subscription subscription;
    private final long initialDemand;

    TestSubscriber(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialDemand > 0) {
            s.request(initialDemand);
        }
    }

    @Override
    public void onNext(StreamEvent item) {
        events.add(item);
        received.release();
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        done.countDown();
    }

    boolean await() throws InterruptedException {
        return done.await(20, TimeUnit.SECONDS);
    }

    /** Waits until {@code n} more events have arrived since the last call. */
    boolean awaitEvents(int n) throws InterruptedException {
        return received.tryAcquire(n, 20, TimeUnit.SECONDS);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
                .forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
        return sb.toString();
    }
}
