package dev.aiops.composite.postmortem;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A post-mortem as JSON: its fields by name, times in RFC 3339, durations in ISO 8601. */
public final class PostmortemJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostmortemJson() {
    }

    public static JsonNode of(Postmortem p) {
        return JSON.valueToTree(p);
    }
}
