package dev.aiops.core.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The notifier's queueing, retries, isolation between sinks and shutdown. */
class NotifierTest {

    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), 2.0);

    static Notification note(String title) {
        return new Notification("dev.aiops.action.executed", "deployment/web/frontend", title, "details", "info",
                Map.of(), null);
    }

    /** Records what it is sent and counts down a latch per notification. */
    static final class Recording implements NotificationSink {
        final List<Notification> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch latch;

        Recording(int expected) {
            latch = new CountDownLatch(expected);
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(Notification n) {
            sent.add(n);
            latch.countDown();
        }
    }

    /** Blocks every send until released. */
    static final class Blocking implements NotificationSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public void send(Notification n) throws InterruptedException {
            entered.countDown();
            release.await();
        }
    }

    @Test
    void aHangingEndpointDoesNotBlockNotifyOrOtherSinks() throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try {
            wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(8_000)));
            Recording other = new Recording(1);
            Notifier notifier = Notifier.of(List.of(
                    new SlackWebhookSink(URI.create("http://127.0.0.1:" + wm.port() + "/hook")), other),
                    FAST, Duration.ofMillis(100));

            CompletableFuture<Void> done = notifier.notify(note("restarted"));

            // notify returned while the endpoint holds the request: the delivery is still pending
            assertThat(done).isNotDone();
            assertThat(other.latch.await(5, TimeUnit.SECONDS)).as("the other sink got it meanwhile").isTrue();
            assertThat(done).isNotDone();
            // the endpoint holds the request: wait until it has it, so that close finds the send in flight
            for (int i = 0; i < 500 && wm.findAll(postRequestedFor(urlEqualTo("/hook"))).isEmpty(); i++) {
                Thread.sleep(10);
            }

            try (LogCapture logs = new LogCapture()) {
                notifier.close();
                // close gave up on the hanging send after its bounded wait, and said so
                assertThat(done).isCompleted();
                assertThat(logs.all()).contains("not sent to slack(127.0.0.1:" + wm.port() + ")");
            }
            wm.verify(1, postRequestedFor(urlEqualTo("/hook")));
        } finally {
            wm.stop();
        }
    }

    @Test
    void aHangingSinkDelaysOnlyItsOwnNotifications() throws Exception {
        Blocking blocking = new Blocking();
        Recording other = new Recording(3);
        try (Notifier notifier = Notifier.of(List.of(blocking, other), FAST, Duration.ofMillis(100))) {
            CompletableFuture<Void> first = notifier.notify(note("one"));
            assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();
            notifier.notify(note("two"));
            notifier.notify(note("three"));

            assertThat(other.latch.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(other.sent).extracting(Notification::title).containsExactly("one", "two", "three");
            assertThat(first).isNotDone();

            blocking.release.countDown();
            first.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailureAfterTheLastAttemptIsLoggedNotThrown() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        NotificationSink failing = new NotificationSink() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void send(Notification n) throws IOException {
                calls.incrementAndGet();
                throw new IOException("down");
            }
        };
        try (Notifier notifier = Notifier.of(List.of(failing), FAST); LogCapture logs = new LogCapture()) {
            CompletableFuture<Void> done = notifier.notify(note("restarted"));

            assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(done).isCompletedWithValue(null);
            assertThat(calls).hasValue(3);
            assertThat(logs.messages()).singleElement().asString()
                    .contains("'restarted'", "failing", "after 3 attempt(s)", "IOException: down");
        }
    }

    @Test
    void closeWaitsForQueuedSends() {
        Recording recording = new Recording(3);
        NotificationSink slow = new NotificationSink() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void send(Notification n) throws InterruptedException {
                Thread.sleep(50);
                recording.send(n);
            }
        };
        Notifier notifier = Notifier.of(List.of(slow), FAST);
        notifier.notify(note("one"));
        notifier.notify(note("two"));
        notifier.notify(note("three"));

        notifier.close();

        assertThat(recording.sent).extracting(Notification::title).containsExactly("one", "two", "three");
    }

    @Test
    void afterCloseNothingIsSent() throws Exception {
        Recording recording = new Recording(1);
        Notifier notifier = Notifier.of(List.of(recording), FAST);
        notifier.close();
        notifier.close();

        CompletableFuture<Void> done = notifier.notify(note("late"));

        assertThat(done).isCompleted();
        assertThat(recording.sent).isEmpty();
    }

    @Test
    void noneSendsNothing() {
        try (Notifier none = Notifier.none()) {
            assertThat(none.notify(note("x"))).isCompleted();
            assertThat(none.sinkNames()).isEmpty();
        }
    }

    @Test
    void stdoutSinkPrintsOneLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Notifier notifier = Notifier.of(List.of(new StdoutSink(out)), FAST)) {
            notifier.notify(new Notification("dev.aiops.action.executed", null, "Restarted frontend",
                    "rollout restart\nfinished", "high", Map.of(), null)).get(5, TimeUnit.SECONDS);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[notify] high Restarted frontend: rollout restart finished" + System.lineSeparator());
    }

    @Test
    void retryPolicyBacksOffExponentially() {
        RetryPolicy d = RetryPolicy.defaults();
        assertThat(d).isEqualTo(new RetryPolicy(4, Duration.ofMillis(500), 2.0));
        assertThat(List.of(d.backoff(1), d.backoff(2), d.backoff(3)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(d.backoff(30)).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notificationFillsItsDefaults() {
        Notification n = new Notification("dev.aiops.x", null, "t", null, " ", null, null);
        assertThat(n.text()).isEmpty();
        assertThat(n.severity()).isEqualTo("info");
        assertThat(n.attributes()).isEmpty();
        assertThat(n.time()).isNotNull();
        assertThatThrownBy(() -> new Notification(" ", null, "t", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
