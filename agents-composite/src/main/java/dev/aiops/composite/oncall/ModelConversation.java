package dev.aiops.composite.oncall;

import dev.aiops.core.context.ContextAssembler;
import dev.aiops.core.context.Conversation;
import dev.aiops.core.context.LlmSummarizer;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.SkillContract;
import dev.aiops.core.contract.SkillDependency;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.StrictTool;
import dev.aiops.core.llm.ToolLoop;
import dev.aiops.core.llm.Usage;
import dev.aiops.core.prompt.Prompt;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.core.runtime.SkillCall;
import dev.aiops.core.runtime.SkillException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model side of the on-call agent: the conversation kept within the context budget by the descriptor's
 * pruning, the versioned system prompt, the agent's dependencies as strict tools (with the session's cluster bound
 * by the agent, so the model never chooses it), and each answer streamed a checked line at a time.
 */
final class ModelConversation {

    static final String PROMPT = "oncall.system";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Skills whose {@code source} the agent binds: the model sees them without it. */
    private static final Set<String> BOUND_SOURCE = Set.of("diagnosis.run", "runbook.generate");

    /** What one model turn produced. */
    record Outcome(String answer, List<String> ungrounded, List<String> tools, Usage usage) {
    }

    private final OnCallAgent agent;
    private final LlmGateway gateway;
    private final List<StrictTool> tools = new ArrayList<>();
    private final List<ToolSpecification> specs = new ArrayList<>();
    private final ContextAssembler assembler;
    private final Prompt.Rendered system;
    private final Integer maxOutputTokens;
    private final Double temperature;
    private Conversation conversation;

    private TurnListener listener = TurnListener.NONE;
    private Cancellation cancel = Cancellation.create();
    private GroundedLines lines;
    private List<String> toolLog = new ArrayList<>();
    private Usage usage = Usage.NONE;

    ModelConversation(OnCallAgent agent, LlmGateway gateway, PromptRegistry prompts, AgentDescriptor self,
                      CompositionGraph graph) {
        this.agent = agent;
        this.gateway = gateway;
        for (SkillDependency d : self.dependencies()) {
            SkillContract c = graph.skill(d.skill());
            if (c != null) {
                StrictTool t = StrictTool.of(BOUND_SOURCE.contains(c.name()) ? withoutSource(c) : c);
                tools.add(t);
                specs.add(t.toolSpecification());
            }
        }
        Prompt prompt = prompts.get(PROMPT);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("cluster", agent.cluster.source().type() + (agent.cluster.source().name() == null ? ""
                : " " + agent.cluster.source().name()));
        vars.put("namespaces", agent.namespaces);
        vars.put("tools_policy", agent.cluster.changeable()
                ? "Commands run through k8s_command_run only, after the person's approval where they change anything."
                : "The cluster state is a snapshot on disk: only read-only commands can run.");
        this.system = prompt.render(vars);
        Object maxOut = prompt.modelHints().get("maxOutputTokens");
        this.maxOutputTokens = maxOut instanceof Number n ? n.intValue() : null;
        this.temperature = prompt.temperature();
        this.assembler = ContextAssembler.builder(gateway.model(), gateway.tokenCounter()).system(system.text())
                .policy(self.context()).summarizer(new LlmSummarizer(gateway, prompts, OnCallAgent.AGENT)).build();
        this.conversation = new Conversation(gateway.tokenCounter());
    }

    /** The contract the model sees: the same skill without its {@code source}, which the agent binds. */
    private static SkillContract withoutSource(SkillContract c) {
        ObjectNode in = (ObjectNode) c.input().node().deepCopy();
        if (in.get("properties") instanceof ObjectNode p) {
            p.remove("source");
        }
        if (in.get("required") instanceof tools.jackson.databind.node.ArrayNode req) {
            for (int i = req.size() - 1; i >= 0; i--) {
                if ("source".equals(req.get(i).asString())) {
                    req.remove(i);
                }
            }
        }
        return SkillContract.builder(c.name()).version(c.version().toString()).description(c.description())
                .input(in).output(c.output().node()).sideEffect(c.sideEffect()).idempotent(c.idempotent())
                .sla(c.sla()).build();
    }

    /** Whether answers are streamed (a terminal) or asked for whole (JSON output, benchmarks). */
    void streaming(boolean value) {
        this.streaming = value;
    }

    private boolean streaming = true;

    void begin(TurnListener l, Cancellation c) {
        this.listener = l;
        this.cancel = c;
        this.lines = new GroundedLines(agent.grounding(), l);
        this.toolLog = new ArrayList<>();
        this.usage = Usage.NONE;
    }

    /** The {@code oncall.ask} handler: one question through the tool loop. */
    JsonNode handle(SkillCall call) throws SkillException {
        conversation.add(UserMessage.from(call.input().path("question").asString()));
        ContextAssembler.Assembled assembled = assembler.assemble(conversation, specs, maxOutputTokens);
        LlmCall llm = new LlmCall(OnCallAgent.AGENT, agent.sessionId(), system.ref(), assembled.messages(), specs,
                maxOutputTokens, temperature);
        ToolLoop.Result r;
        try {
            ToolLoop.Listener seen = new ToolLoop.Listener() {
                        @Override
                        public void text(String delta) {
                            lines.accept(delta);
                        }

                        @Override
                        public void toolCall(ToolLoop.ToolCallRecord rec) {
                            lines.flush();
                            String status = !rec.ran() ? "refused" : !rec.succeeded() ? "error"
                                    : rec.result().contains("\"status\":\"") ? JSON.readTree(rec.result())
                                    .path("status").asString("ok") : "ok";
                            toolLog.add(rec.tool() + "(" + rec.arguments() + ") -> " + status);
                            agent.session.append(JSON.createObjectNode().put("type", "tool").put("name", rec.tool())
                                    .put("arguments", rec.arguments()).put("status", status)
                                    .put("result", rec.result().length() > 4000
                                            ? rec.result().substring(0, 4000) + "..." : rec.result()));
                            listener.toolCall(rec.tool(), rec.arguments(), status);
                        }
                    };
            r = streaming && gateway.canStream()
                    ? ToolLoop.of(gateway).stream(llm, tools, (skill, input) -> invoke(call, skill, input), seen, cancel)
                    : ToolLoop.of(gateway).run(llm, tools, (skill, input) -> invoke(call, skill, input), seen);
        } catch (java.util.concurrent.CancellationException e) {
            lines.close();
            throw new SkillException("the answer was cancelled", false, e);
        } catch (RuntimeException e) {
            lines.flush();
            conversation.add(AiMessage.from("(no answer: " + e.getMessage() + ")"));
            throw new SkillException(e.getMessage(), false, e);
        }
        lines.flush();
        usage = r.usage();
        List<ChatMessage> all = r.messages();
        for (ChatMessage m : all.subList(assembled.messages().size(), all.size())) {
            conversation.add(m);
        }
        ObjectNode out = JSON.createObjectNode().put("answer", lines.text());
        lines.unknown().forEach(out.putArray("ungroundedNames")::add);
        return out;
    }

    private InvocationResult invoke(SkillCall call, String skill, JsonNode input) {
        JsonNode in = input;
        if (BOUND_SOURCE.contains(skill)) {
            ObjectNode bound = ((ObjectNode) input).deepCopy();
            bound.set("source", agent.cluster.diagnosisSource());
            in = bound;
        }
        InvocationResult r = call.invoke(skill, in);
        return r.isSuccess() ? new InvocationResult(ModelFacing.redact(r.output()), r.error(), r.message(),
                r.violations(), r.envelope(), r.attempts(), r.replayed()) : r;
    }

    Outcome end() {
        Outcome o = new Outcome(lines == null ? "" : lines.text(), lines == null ? List.of() : lines.unknown(),
                toolLog, usage);
        listener = TurnListener.NONE;
        return o;
    }

    /** Puts a resumed session's questions and answers back into the conversation. */
    void restore(List<ObjectNode> records) {
        for (ObjectNode r : records) {
            switch (r.path("type").asString()) {
                case "user" -> {
                    if (!r.path("text").asString().startsWith("/")) {
                        conversation.add(UserMessage.from(r.path("text").asString()));
                    }
                }
                case "answer" -> {
                    if ("model".equals(r.path("mode").asString()) || "offline".equals(r.path("mode").asString())) {
                        conversation.add(AiMessage.from(r.path("text").asString()));
                    }
                }
                case "clear" -> conversation = new Conversation(gateway.tokenCounter());
                default -> {
                }
            }
        }
    }

    void clear() {
        conversation = new Conversation(gateway.tokenCounter());
    }

    int messages() {
        return conversation.entries().size();
    }
}
