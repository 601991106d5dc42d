package dev.aiops.core.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Slack incoming-webhook sink against WireMock, alone and through a {@link Notifier}. */
class SlackWebhookSinkTest {

    static final String PATH = "/services/T000/B000/SECRETXYZ";
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), 2.0);

    WireMockServer wm;
    Notifier notifier;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
        wm.stop();
    }

    SlackWebhookSink sink() {
        return new SlackWebhookSink(URI.create("http://127.0.0.1:" + wm.port() + PATH));
    }

    static Notification executed() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("command", "kubectl -n web rollout restart deployment/frontend");
        attributes.put("approvedBy", "alice");
        return new Notification("dev.aiops.action.executed", "deployment/web/frontend", "Restarted frontend",
                "Pods were crash-looping <OOMKilled> & restarted", "high", attributes,
                Instant.parse("2025-01-02T03:04:05Z"));
    }

    @Test
    void postsTextAndBlocksWithTitleTextAndAttributeFields() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

        sink().send(executed());

        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", equalTo("application/json")));
        JsonNode body = JsonMapper.shared().readTree(wm.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(body.get("text").asString()).isEqualTo(
                "[high] Restarted frontend: Pods were crash-looping &lt;OOMKilled&gt; &amp; restarted");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asString()).isEqualTo("Restarted frontend");
        assertThat(blocks.get(1).get("type").asString()).isEqualTo("section");
        assertThat(blocks.get(1).get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asString())
                .isEqualTo("Pods were crash-looping &lt;OOMKilled&gt; &amp; restarted");
        assertThat(blocks.get(2).get("type").asString()).isEqualTo("section");
        assertThat(blocks.get(2).get("fields").valueStream().map(f -> f.get("text").asString()).toList())
                .containsExactly("*Severity*\nhigh", "*Subject*\ndeployment/web/frontend",
                        "*command*\nkubectl -n web rollout restart deployment/frontend", "*approvedBy*\nalice");
        assertThat(blocks.get(2).get("fields").get(0).get("type").asString()).isEqualTo("mrkdwn");
        assertThat(blocks.get(3).get("type").asString()).isEqualTo("context");
        assertThat(blocks.get(3).get("elements").get(0).get("text").asString())
                .isEqualTo("dev.aiops.action.executed · 2025-01-02T03:04:05Z");
        assertThat(blocks.size()).isEqualTo(4);
    }

    @Test
    void manyAttributesAreSplitIntoSectionsOfTenFields() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 45; i++) attributes.put("k" + i, "v" + i);
        Notification n = new Notification("t", null, "title", "", null, attributes, null);

        JsonNode blocks = SlackWebhookSink.payload(n).get("blocks");

        // header, 4 sections of fields (40 of 46 fields), context; no text section for empty text
        assertThat(blocks.size()).isEqualTo(6);
        assertThat(blocks.get(1).get("fields").size()).isEqualTo(10);
        assertThat(blocks.get(4).get("fields").size()).isEqualTo(10);
        assertThat(blocks.get(5).get("elements").get(0).get("text").asString()).endsWith("6 more attributes not shown");
    }

    @Test
    void retriesA500ThenSucceeds() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("internal_error")).willSetStateTo("up"));
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        notifier = Notifier.of(List.of(sink()), FAST);

        try (LogCapture logs = new LogCapture()) {
            notifier.notify(executed()).get(10, TimeUnit.SECONDS);
            assertThat(logs.messages()).isEmpty();
        }

        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void doesNotRetryA400AndLogsTheHostOnly() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
        notifier = Notifier.of(List.of(sink()), FAST);

        try (LogCapture logs = new LogCapture()) {
            notifier.notify(executed()).get(10, TimeUnit.SECONDS);

            assertThat(logs.messages()).singleElement().asString()
                    .contains("slack(127.0.0.1:" + wm.port() + ")", "HTTP 400", "invalid_payload", "1 attempt(s)")
                    .doesNotContain("SECRETXYZ", "/services/");
        }
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givesUpAfterTheLastAttemptWithAWarningNotAnException() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)
                .withBody("no: http://127.0.0.1:" + wm.port() + PATH)));
        notifier = Notifier.of(List.of(sink()), FAST);

        try (LogCapture logs = new LogCapture()) {
            assertThat(notifier.notify(executed()).get(10, TimeUnit.SECONDS)).isNull();

            assertThat(logs.messages()).singleElement().asString()
                    .contains("'Restarted frontend'", "HTTP 503", "after 3 attempt(s)")
                    .doesNotContain("SECRETXYZ");
        }
        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("free"));
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("limited").whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        // the computed backoff would be ten minutes: only Retry-After lets the second attempt happen at once
        notifier = Notifier.of(List.of(sink()), new RetryPolicy(2, Duration.ofMinutes(10), 2.0));

        notifier.notify(executed()).get(30, TimeUnit.SECONDS);

        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aRetryAfterLongerThanAMinuteGivesUpAtOnce() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        notifier = Notifier.of(List.of(sink()), FAST);

        try (LogCapture logs = new LogCapture()) {
            notifier.notify(executed()).get(10, TimeUnit.SECONDS);
            assertThat(logs.all()).contains("HTTP 429", "Retry-After 3600s");
        }
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
        assertThat(WebhookPost.retryAfter(Optional.of("7"), clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WebhookPost.retryAfter(Optional.of("Wed, 21 Oct 2015 07:28:30 GMT"), clock))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookPost.retryAfter(Optional.of("Wed, 21 Oct 2015 07:00:00 GMT"), clock))
                .isEqualTo(Duration.ZERO);
        assertThat(WebhookPost.retryAfter(Optional.of("soon"), clock)).isNull();
        assertThat(WebhookPost.retryAfter(Optional.empty(), clock)).isNull();
    }

    @Test
    void nameAndErrorsNeverShowTheUrl() {
        assertThat(sink().name()).isEqualTo("slack(127.0.0.1:" + wm.port() + ")");
        assertThat(sink().toString()).doesNotContain("SECRETXYZ");
        assertThat(new SlackWebhookSink(URI.create("https://hooks.slack.com/services/T/B/X")).name())
                .isEqualTo("slack(hooks.slack.com)");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SlackWebhookSink(URI.create("ftp://hooks.slack.com/services/T/B/SECRETXYZ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("SECRETXYZ");
    }
}
