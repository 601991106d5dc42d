package dev.aiops.composite.postmortem;

import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.core.runtime.SkillCall;
import dev.aiops.core.runtime.SkillException;
import dev.aiops.core.runtime.SkillHandler;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.ReportJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds {@code postmortem.write}: the post-mortem of a window, from {@code diagnosis.run} and {@code timeline.build}
 * called through the runtime; the agent binds the cluster source, the caller gives the window.
 */
public final class PostmortemAgent {

    public static final String SKILL = "postmortem.write";

    private PostmortemAgent() {
    }

    /**
     * @param source  the {@code source} object {@code diagnosis.run} takes ({@code {"type":"demo"}}, ...)
     * @param analyst a model's analysis, or null for none
     */
    public static SkillHandler handler(JsonNode source, PostmortemAnalyst analyst) {
        return call -> {
            JsonNode in = call.input();
            Instant since;
            Instant until;
            try {
                since = Instant.parse(in.path("since").asString());
                until = Instant.parse(in.path("until").asString());
            } catch (DateTimeParseException e) {
                throw new SkillException("since and until are RFC 3339 times: " + e.getMessage(), false);
            }
            ObjectNode diagnosisIn = JsonNodeFactory.instance.objectNode();
            diagnosisIn.set("source", source.deepCopy());
            if (in.hasNonNull("namespace")) diagnosisIn.putArray("namespaces").add(in.get("namespace").asString());
            DiagnosisReport report = ReportJson.fromJson(invoke(call, "diagnosis.run", diagnosisIn));
            ObjectNode timelineIn = JsonNodeFactory.instance.objectNode().put("since", since.toString())
                    .put("until", until.toString());
            if (in.hasNonNull("namespace")) timelineIn.put("namespace", in.get("namespace").asString());
            JsonNode timeline = invoke(call, "timeline.build", timelineIn);
            Postmortem p = PostmortemWriter.write(timeline, report, null, since, until);
            if (analyst != null) p = analyst.analyse(p, report);
            ObjectNode out = JsonNodeFactory.instance.objectNode().put("markdown", PostmortemMarkdown.of(p));
            out.set("postmortem", PostmortemJson.of(p));
            return out;
        };
    }

    private static JsonNode invoke(SkillCall call, String skill, JsonNode input) throws SkillException {
        InvocationResult r = call.invoke(skill, input);
        if (!r.isSuccess()) {
            throw new SkillException(skill + " failed (" + r.error() + "): " + r.message(), r.error().isTransient());
        }
        return r.output();
    }
}
