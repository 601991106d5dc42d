package dev.aiops.core.mcp;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON mapper for the MCP SDK. The SDK 2.1.0 declares elicitation requests with a {@code mode} type id that is
 * also a record property; Jackson 3.2 refuses to serialise that ("Conflict between type id property 'mode' and
 * bean property"), so no elicitation could be sent. A mix-in declares the id as the existing property.
 *
 * <p>The SDK's HTTP transports answer a request they refuse by serialising the {@link McpError} exception itself,
 * stack trace and all; here an {@code McpError} is written as the JSON-RPC error response it stands for, and an
 * internal error (-32603) says only that, since its message is a Java exception's.
 */
public final class McpJson {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "mode",
            visible = true, defaultImpl = McpSchema.ElicitFormRequest.class)
    interface ElicitRequestMixIn {
    }

    /** An {@link McpError} as {@code {"jsonrpc":"2.0","id":null,"error":{"code":..,"message":..}}}. */
    static final class ErrorResponse extends StdSerializer<McpError> {
        ErrorResponse() {
            super(McpError.class);
        }

        @Override
        public void serialize(McpError e, JsonGenerator gen, SerializationContext ctxt) {
            McpSchema.JSONRPCResponse.JSONRPCError error = e.getJsonRpcError();
            int code = error == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : error.code();
            String message = code == McpSchema.ErrorCodes.INTERNAL_ERROR || error.message() == null
                    ? "Internal error" : error.message();
            gen.writeStartObject();
            gen.writeStringProperty("jsonrpc", McpSchema.JSONRPC_VERSION);
            gen.writeNullProperty("id");
            gen.writeName("error");
            gen.writeStartObject();
            gen.writeNumberProperty("code", code);
            gen.writeStringProperty("message", message);
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    private static final JsonMapper JACKSON = JsonMapper.builder()
            .addMixIn(McpSchema.ElicitRequest.class, ElicitRequestMixIn.class)
            .addModule(new SimpleModule("mcp-error").addSerializer(McpError.class, new ErrorResponse()))
            .build();

    private McpJson() {
    }

    /** The mapper to give the SDK's servers, clients and transports. */
    public static McpJsonMapper mapper() {
        return new JacksonMcpJsonMapper(JACKSON);
    }
}
