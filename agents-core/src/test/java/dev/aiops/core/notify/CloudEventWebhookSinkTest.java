package dev.aiops.core.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generic webhook sink sends CloudEvents 1.0 in structured mode. */
class CloudEventWebhookSinkTest {

    static final String PATH = "/events";
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

    CloudEventWebhookSink sink() {
        return new CloudEventWebhookSink(URI.create("http://127.0.0.1:" + wm.port() + PATH),
                Map.of("Authorization", "Bearer abc"), "aiops/oncall");
    }

    List<JsonNode> bodies() {
        List<ServeEvent> events = new java.util.ArrayList<>(wm.getAllServeEvents());
        java.util.Collections.reverse(events); // oldest first
        return events.stream().map(e -> JsonMapper.shared().readTree(e.getRequest().getBodyAsString())).toList();
    }

    @Test
    void sendsAStructuredCloudEventWithTheConfiguredHeaders() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(202)));

        sink().send(SlackWebhookSinkTest.executed());

        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", equalTo("application/cloudevents+json"))
                .withHeader("Authorization", equalTo("Bearer abc")));
        JsonNode ce = bodies().get(0);
        assertThat(ce.get("specversion").asString()).isEqualTo("1.0");
        assertThat(UUID.fromString(ce.get("id").asString())).isNotNull();
        assertThat(ce.get("source").asString()).isEqualTo("aiops/oncall");
        assertThat(ce.get("type").asString()).isEqualTo("dev.aiops.action.executed");
        assertThat(ce.get("subject").asString()).isEqualTo("deployment/web/frontend");
        assertThat(OffsetDateTime.parse(ce.get("time").asString()).toInstant())
                .isEqualTo(SlackWebhookSinkTest.executed().time());
        assertThat(ce.get("datacontenttype").asString()).isEqualTo("application/json");
        JsonNode data = ce.get("data");
        assertThat(data.get("title").asString()).isEqualTo("Restarted frontend");
        assertThat(data.get("text").asString()).isEqualTo("Pods were crash-looping <OOMKilled> & restarted");
        assertThat(data.get("severity").asString()).isEqualTo("high");
        assertThat(data.get("attributes").get("command").asString())
                .isEqualTo("kubectl -n web rollout restart deployment/frontend");
        assertThat(data.get("attributes").get("approvedBy").asString()).isEqualTo("alice");
    }

    @Test
    void aRetriedDeliveryKeepsItsIdAndADifferentEventGetsAnother() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        notifier = Notifier.of(List.of(sink()), FAST);

        notifier.notify(SlackWebhookSinkTest.executed()).get(10, TimeUnit.SECONDS);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
        notifier.notify(new Notification("dev.aiops.action.executed", "deployment/web/frontend", "Scaled frontend",
                "", "info", Map.of(), null)).get(10, TimeUnit.SECONDS);

        List<JsonNode> bodies = bodies();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(1).get("id")).isEqualTo(bodies.get(0).get("id"));
        assertThat(bodies.get(2).get("id")).isNotEqualTo(bodies.get(0).get("id"));
    }

    @Test
    void anIoErrorIsRetried() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("reset").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        notifier = Notifier.of(List.of(sink()), FAST);

        try (LogCapture logs = new LogCapture()) {
            notifier.notify(SlackWebhookSinkTest.executed()).get(10, TimeUnit.SECONDS);
            assertThat(logs.messages()).isEmpty();
        }
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aForbiddenIsNotRetried() throws Exception {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403)));
        notifier = Notifier.of(List.of(sink()), FAST);

        notifier.notify(SlackWebhookSinkTest.executed()).get(10, TimeUnit.SECONDS);

        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void subjectIsLeftOutWhenThereIsNoneAndSourceDefaults() {
        Notification n = new Notification("dev.aiops.test", null, "t", null, null, null, null);
        JsonNode ce = CloudEventWebhookSink.event(n, CloudEventWebhookSink.DEFAULT_SOURCE);
        assertThat(ce.has("subject")).isFalse();
        assertThat(ce.get("source").asString()).isEqualTo("aiops");
        assertThat(ce.get("data").get("severity").asString()).isEqualTo("info");
        assertThat(new CloudEventWebhookSink(URI.create("https://events.example.com/x?token=s3cret"), null, null)
                .name()).isEqualTo("webhook(events.example.com)");
    }

    @Test
    void headersThatCannotBeSentAreRefused() {
        URI url = URI.create("http://127.0.0.1:9/events");
        assertThatThrownBy(() -> new CloudEventWebhookSink(url, Map.of("Content-Type", "text/plain"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Type");
        assertThatThrownBy(() -> new CloudEventWebhookSink(url, Map.of("Host", "evil"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
    }
}
