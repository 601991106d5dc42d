package dev.aiops.core.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming webhook: {@code {"text": ..., "blocks": [...]}} with a header (the title), a section (the
 * text), fields (severity, subject and the attributes) and a context line (type and time). The URL is the
 * credential: it is never logged, only its host.
 */
public final class SlackWebhookSink implements NotificationSink {

    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_FIELD = 2000;
    static final int FIELDS_PER_SECTION = 10;
    static final int MAX_FIELDS = 40;

    private static final JsonMapper JSON = JsonMapper.shared();

    private final WebhookPost post;

    /** @throws IllegalArgumentException unless {@code url} is an absolute http(s) URL */
    public SlackWebhookSink(URI url) {
        this.post = new WebhookPost(url, Map.of());
    }

    @Override
    public String name() {
        return "slack(" + post.host() + ")";
    }

    @Override
    public void send(Notification n) throws Exception {
        post.post("application/json", JSON.writeValueAsBytes(payload(n)));
    }

    @Override
    public String toString() {
        return name();
    }

    static ObjectNode payload(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", escape("[" + n.severity() + "] " + n.title() + (n.text().isBlank() ? "" : ": " + n.text())));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", cut(n.title().isBlank() ? n.type() : n.title(), MAX_HEADER)).put("emoji", true);

        if (!n.text().isBlank()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", cut(escape(n.text()), MAX_SECTION));
        }

        List<String> fields = new ArrayList<>();
        fields.add(field("Severity", n.severity()));
        if (n.subject() != null && !n.subject().isBlank()) {
            fields.add(field("Subject", n.subject()));
        }
        n.attributes().forEach((k, v) -> fields.add(field(k, v)));
        int shown = Math.min(fields.size(), MAX_FIELDS);
        for (int from = 0; from < shown; from += FIELDS_PER_SECTION) {
            ArrayNode section = blocks.addObject().put("type", "section").putArray("fields");
            for (String f : fields.subList(from, Math.min(shown, from + FIELDS_PER_SECTION))) {
                section.addObject().put("type", "mrkdwn").put("text", f);
            }
        }

        String context = escape(n.type()) + " · " + n.time()
                + (fields.size() > shown ? " · " + (fields.size() - shown) + " more attributes not shown" : "");
        blocks.addObject().put("type", "context").putArray("elements")
                .addObject().put("type", "mrkdwn").put("text", context);
        return root;
    }

    private static String field(String name, String value) {
        return cut("*" + escape(name) + "*\n" + escape(value), MAX_FIELD);
    }

    /** Slack's mrkdwn treats {@code & < >} as control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
