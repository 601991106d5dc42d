package dev.aiops.core.runtime;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The message every skill call and result travels in. Serialized with CloudEvents 1.0 attribute names
 * ({@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time},
 * {@code datacontenttype}, {@code data}) plus extensions for correlation, idempotency, call depth and path,
 * deadline and W3C trace context. Handlers get everything they need from here, which keeps them stateless.
 *
 * @param id             unique id of this message
 * @param source         who sent it, {@code aiops://agents/{name}} or {@code aiops://external}
 * @param type           {@link #TYPE_INVOKE}, {@link #TYPE_RESULT} or {@link #TYPE_ERROR}
 * @param subject        the skill called
 * @param time           when the message was created
 * @param data           skill input (invoke), output (result) or error detail (error)
 * @param correlationId  shared by every message of one top-level request
 * @param causationId    id of the message that caused this one (the parent call, or the request of a result)
 * @param idempotencyKey replays of the same key and input return the stored result; may be null
 * @param depth          0 for the agent called from outside, 1 for its direct subagents, at most 3
 * @param path           agents on the call path, outermost first, ending with the callee
 * @param deadline       when the whole request must be done; may be null
 * @param traceparent    W3C {@code traceparent} of the calling span; may be null
 * @param tracestate     W3C {@code tracestate}; may be null
 */
public record Envelope(
        String id,
        String source,
        String type,
        @Nullable String subject,
        Instant time,
        @Nullable JsonNode data,
        String correlationId,
        @Nullable String causationId,
        @Nullable String idempotencyKey,
        int depth,
        List<String> path,
        @Nullable Instant deadline,
        @Nullable String traceparent,
        @Nullable String tracestate) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String TYPE_INVOKE = "dev.aiops.skill.invoke";
    public static final String TYPE_RESULT = "dev.aiops.skill.result";
    public static final String TYPE_ERROR = "dev.aiops.skill.error";

    private static final String PATH_SEPARATOR = "/";

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(correlationId, "correlationId");
        path = List.copyOf(path);
    }

    /** The agent this message is addressed to (the last on the path). */
    public @Nullable String callee() {
        return path.isEmpty() ? null : path.get(path.size() - 1);
    }

    /** The CloudEvents JSON form. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("specversion", SPEC_VERSION);
        o.put("id", id);
        o.put("source", source);
        o.put("type", type);
        if (subject != null) o.put("subject", subject);
        o.put("time", time.toString());
        o.put("datacontenttype", CONTENT_TYPE);
        o.put("correlationid", correlationId);
        if (causationId != null) o.put("causationid", causationId);
        if (idempotencyKey != null) o.put("idempotencykey", idempotencyKey);
        o.put("depth", depth);
        o.put("path", String.join(PATH_SEPARATOR, path));
        if (deadline != null) o.put("deadline", deadline.toString());
        if (traceparent != null) o.put("traceparent", traceparent);
        if (tracestate != null) o.put("tracestate", tracestate);
        if (data != null) o.set("data", data);
        return o;
    }

    /**
     * Reads the CloudEvents JSON form.
     *
     * @throws IllegalArgumentException naming the attribute that is missing or malformed
     */
    public static Envelope fromJson(JsonNode o) {
        String spec = required(o, "specversion");
        if (!SPEC_VERSION.equals(spec)) {
            throw new IllegalArgumentException("/specversion: unsupported CloudEvents version '" + spec + "'");
        }
        String path = optional(o, "path");
        return new Envelope(
                required(o, "id"), required(o, "source"), required(o, "type"), optional(o, "subject"),
                Instant.parse(required(o, "time")), o.get("data"), required(o, "correlationid"),
                optional(o, "causationid"), optional(o, "idempotencykey"),
                o.path("depth").asInt(0),
                path == null || path.isEmpty() ? List.of() : Arrays.asList(path.split(PATH_SEPARATOR)),
                deadline(optional(o, "deadline")),
                optional(o, "traceparent"), optional(o, "tracestate"));
    }

    private static String required(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isString() || n.asString().isEmpty()) {
            throw new IllegalArgumentException("/" + name + ": required CloudEvents attribute is missing");
        }
        return n.asString();
    }

    private static @Nullable Instant deadline(@Nullable String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static @Nullable String optional(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || n.isNull() ? null : n.asString();
    }
}
