package dev.aiops.core.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any webhook, sent a CloudEvent 1.0 in structured mode ({@code Content-Type: application/cloudevents+json}):
 * {@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time} (RFC 3339),
 * {@code datacontenttype: application/json} and {@code data: {title, text, severity, attributes}}.
 *
 * <p>The {@code id} is a name-based UUID of the event's content, so a retried delivery carries the same id and
 * a receiver can drop the duplicate. Extra headers (e.g. {@code Authorization}) go with every request and are
 * never logged; nor is the URL, only its host.
 */
public final class CloudEventWebhookSink implements NotificationSink {

    static final String CONTENT_TYPE = "application/cloudevents+json";
    static final String DEFAULT_SOURCE = "aiops";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final WebhookPost post;
    private final String source;

    /**
     * @param headers extra request headers (not {@code Content-Type}); may be null
     * @param source  the CloudEvents source, e.g. {@code aiops/oncall}; null or blank means {@code aiops}
     * @throws IllegalArgumentException unless {@code url} is an absolute http(s) URL and the headers can be sent
     */
    public CloudEventWebhookSink(URI url, Map<String, String> headers, String source) {
        this.post = new WebhookPost(url, headers);
        this.source = source == null || source.isBlank() ? DEFAULT_SOURCE : source.trim();
    }

    @Override
    public String name() {
        return "webhook(" + post.host() + ")";
    }

    @Override
    public void send(Notification n) throws Exception {
        post.post(CONTENT_TYPE, JSON.writeValueAsBytes(event(n, source)));
    }

    @Override
    public String toString() {
        return name();
    }

    static ObjectNode event(Notification n, String source) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "");
        event.put("source", source);
        event.put("type", n.type());
        if (n.subject() != null && !n.subject().isBlank()) {
            event.put("subject", n.subject());
        }
        event.put("time", n.time().toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("title", n.title());
        data.put("text", n.text());
        data.put("severity", n.severity());
        ObjectNode attributes = data.putObject("attributes");
        n.attributes().forEach(attributes::put);
        // the same event gets the same id, on every retry
        event.put("id", UUID.nameUUIDFromBytes(JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                .toString());
        return event;
    }
}
