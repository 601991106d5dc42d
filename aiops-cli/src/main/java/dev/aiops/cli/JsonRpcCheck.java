package dev.aiops.cli;

import dev.aiops.core.mcp.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One incoming MCP message, checked before the SDK's transports see it: the SDK gives up on a line it cannot read
 * (stdio stops serving) or answers with a serialised Java exception (HTTP). A message that is not JSON is refused
 * with a JSON-RPC parse error (-32700), one that is JSON but not a JSON-RPC 2.0 message with an invalid-request
 * error (-32600); the answer names what is wrong and nothing of the server's internals.
 */
final class JsonRpcCheck {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;

    /** The longest message accepted, in bytes (16 MiB, as the SDK's HTTP transport). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A refused message: the JSON-RPC error to answer, with the message's id when it had a usable one. */
    record Refusal(int code, String message, JsonNode id) {

        /** The JSON-RPC error response, one line. */
        String json() {
            ObjectNode n = JSON.createObjectNode().put("jsonrpc", "2.0");
            n.set("id", id == null ? n.nullNode() : id);
            n.putObject("error").put("code", code).put("message", message);
            return JSON.writeValueAsString(n);
        }
    }

    private JsonRpcCheck() {
    }

    /** Empty when {@code text} is one JSON-RPC 2.0 request, notification or response the SDK can read. */
    static Optional<Refusal> check(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            return refuse(PARSE_ERROR, "Parse error: the message is not valid JSON" + where, null);
        }
        if (node == null || node.isMissingNode()) {
            return refuse(PARSE_ERROR, "Parse error: the message is empty", null);
        }
        if (node.isArray()) {
            return refuse(INVALID_REQUEST, "Invalid Request: a message must be one JSON object (batches are not"
                    + " supported)", null);
        }
        if (!node.isObject()) {
            return refuse(INVALID_REQUEST, "Invalid Request: a message must be a JSON object, not "
                    + (node.isNull() ? "null" : node.getNodeType().name().toLowerCase()), null);
        }
        JsonNode id = node.get("id");
        JsonNode usableId = id != null && (id.isString() || id.isIntegralNumber()) ? id : null;
        String problem = problem(node, id);
        if (problem != null) {
            return refuse(INVALID_REQUEST, "Invalid Request: " + problem, usableId);
        }
        try {
            McpSchema.deserializeJsonRpcMessage(McpJson.mapper(), text);
        } catch (Exception e) {
            return refuse(INVALID_REQUEST, "Invalid Request: not an MCP message", usableId);
        }
        return Optional.empty();
    }

    private static String problem(JsonNode message, JsonNode id) {
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isString() || !version.asString().equals("2.0")) {
            return "\"jsonrpc\" must be \"2.0\"";
        }
        if (id != null && !id.isString() && !id.isIntegralNumber()) {
            return "\"id\" must be a string or an integer";
        }
        JsonNode method = message.get("method");
        JsonNode params = message.get("params");
        if (method != null) {
            if (!method.isString() || method.asString().isEmpty()) {
                return "\"method\" must be a non-empty string";
            }
            if (params != null && !params.isObject() && !params.isArray()) {
                return "\"params\" must be an object or an array";
            }
            return null;
        }
        if (id == null || !(message.has("result") || message.has("error"))) {
            return "a message needs a \"method\" (request or notification), or an \"id\" with a \"result\" or"
                    + " \"error\" (response)";
        }
        return null;
    }

    private static Optional<Refusal> refuse(int code, String message, JsonNode id) {
        return Optional.of(new Refusal(code, message, id));
    }
}
