package dev.aiops.core.mcp;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for the MCP SDK. The SDK 2.1.0 declares elicitation requests with a {@code mode} type id that is
 * also a record property; Jackson 3.2 refuses to serialise that ("Conflict between type id property 'mode' and
 * bean property"), so no elicitation could be sent. A mix-in declares the id as the existing property.
 */
public final class McpJson {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "mode",
            visible = true, defaultImpl = McpSchema.ElicitFormRequest.class)
    interface ElicitRequestMixIn {
    }

    private static final JsonMapper JACKSON = JsonMapper.builder()
            .addMixIn(McpSchema.ElicitRequest.class, ElicitRequestMixIn.class)
            .build();

    private McpJson() {
    }

    /** The mapper to give the SDK's servers, clients and transports. */
    public static McpJsonMapper mapper() {
        return new JacksonMcpJsonMapper(JACKSON);
    }
}
