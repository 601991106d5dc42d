package dev.aiops.core.llm;

import dev.aiops.core.contract.SchemaViolation;
import dev.aiops.core.runtime.InvocationResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's conversation with the model and its tools. Each step asks the model; its tool calls are checked before
 * anything runs (a known tool, JSON arguments, arguments valid against the skill's input schema) and run through
 * the {@link ToolInvoker}. A call that fails the checks goes back to the model as an error it can repair; after
 * {@code maxRepairRounds} rounds in a row with such calls the loop fails with the last reason. The loop also stops,
 * with a clear reason, after {@code maxSteps} model calls or once the task has used {@code maxTokens}.
 */
public final class ToolLoop {

    public static final int DEFAULT_MAX_STEPS = 12;
    public static final int DEFAULT_MAX_REPAIR_ROUNDS = 2;
    public static final long DEFAULT_MAX_TOKENS = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(ToolLoop.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final LlmGateway gateway;
    private final int maxSteps;
    private final int maxRepairRounds;
    private final long maxTokens;

    private ToolLoop(LlmGateway gateway, int maxSteps, int maxRepairRounds, long maxTokens) {
        this.gateway = gateway;
        this.maxSteps = maxSteps;
        this.maxRepairRounds = maxRepairRounds;
        this.maxTokens = maxTokens;
    }

    public static ToolLoop of(LlmGateway gateway) {
        return new ToolLoop(gateway, DEFAULT_MAX_STEPS, DEFAULT_MAX_REPAIR_ROUNDS, DEFAULT_MAX_TOKENS);
    }

    public ToolLoop maxSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1");
        }
        return new ToolLoop(gateway, steps, maxRepairRounds, maxTokens);
    }

    public ToolLoop maxRepairRounds(int rounds) {
        if (rounds < 0) {
            throw new IllegalArgumentException("maxRepairRounds must not be negative");
        }
        return new ToolLoop(gateway, maxSteps, rounds, maxTokens);
    }

    public ToolLoop maxTokens(long tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        return new ToolLoop(gateway, maxSteps, maxRepairRounds, tokens);
    }

    /** One tool call the loop handled: what the model asked, and what came back to it. */
    public record ToolCallRecord(String tool, String arguments, boolean ran, boolean succeeded, String result) {
    }

    /**
     * The loop's outcome.
     *
     * @param answer    the model's final text, or its refusal
     * @param refused   true when the model or the provider's filter refused
     * @param steps     model calls made
     * @param usage     tokens and cost over all steps
     * @param toolCalls every tool call, in order
     * @param messages  the whole conversation, the answer included
     */
    public record Result(String answer, boolean refused, int steps, Usage usage, List<ToolCallRecord> toolCalls,
                         List<ChatMessage> messages) {
    }

    /**
     * Runs the loop from {@code call} (its messages are the start of the conversation; its tools are replaced by
     * {@code tools}).
     *
     * @throws ToolLoopException when the loop ends without an answer
     * @throws LlmCallException  when a model call fails for good
     */
    public Result run(LlmCall call, List<StrictTool> tools, ToolInvoker invoker) {
        return run(call, tools, invoker, Listener.NONE);
    }

    /** Like {@link #run(LlmCall, List, ToolInvoker)}; {@code listener} sees each answer whole and each tool call. */
    public Result run(LlmCall call, List<StrictTool> tools, ToolInvoker invoker, Listener listener) {
        return loop(call, tools, invoker, c -> {
            LlmResult r = gateway.chat(c);
            if (r.message().text() != null) {
                listener.text(r.message().text());
            }
            return r;
        }, listener);
    }

    /**
     * Sees a streamed loop as it runs: the answer's text as the model writes it, and each tool call once it has
     * run (or been refused before running).
     */
    public interface Listener {

        Listener NONE = new Listener() {
        };

        /** A piece of the model's text, in order. */
        default void text(String delta) {
        }

        /** A tool call the loop handled, with the reply that went back to the model. */
        default void toolCall(ToolCallRecord call) {
        }
    }

    /**
     * Like {@link #run}, but each model call is streamed through {@link LlmGateway#stream}: text reaches
     * {@code listener} as it arrives, and {@code cancel} ends the loop at once, closing the HTTP stream.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancel} fired before the answer was complete
     */
    public Result stream(LlmCall call, List<StrictTool> tools, ToolInvoker invoker, Listener listener,
                         Cancellation cancel) {
        return loop(call, tools, invoker, c -> StreamedStep.run(gateway, c, listener, cancel), listener);
    }

    private Result loop(LlmCall call, List<StrictTool> tools, ToolInvoker invoker,
                        java.util.function.Function<LlmCall, LlmResult> ask, Listener listener) {
        Map<String, StrictTool> byName = new LinkedHashMap<>();
        List<ToolSpecification> specs = new ArrayList<>();
        for (StrictTool t : tools) {
            byName.put(t.name(), t);
            specs.add(t.toolSpecification());
        }
        List<ChatMessage> messages = new ArrayList<>(call.messages());
        List<ToolCallRecord> records = new ArrayList<>();
        Usage usage = Usage.NONE;
        int badRounds = 0;
        for (int step = 1; step <= maxSteps; step++) {
            LlmResult result = ask.apply(call.withMessages(messages).withTools(specs));
            usage = usage.plus(result.usage());
            AiMessage ai = result.message();
            messages.add(ai);
            if (result.refused()) {
                String why = result.refusal().orElse(ai.text() != null ? ai.text()
                        : "the provider's content filter stopped the answer");
                return new Result(why, true, step, usage, records, messages);
            }
            if (!ai.hasToolExecutionRequests()) {
                return new Result(ai.text() == null ? "" : ai.text(), false, step, usage, records, messages);
            }
            if (usage.totalTokens() >= maxTokens) {
                throw new ToolLoopException("the task used " + usage.totalTokens() + " tokens, over its budget of "
                        + maxTokens + ", before the model answered", step, usage);
            }
            String lastProblem = null;
            for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
                String problem = check(request, byName);
                String reply;
                if (problem != null) {
                    lastProblem = problem;
                    reply = "ERROR: " + problem + " Correct the call and try again.";
                    records.add(new ToolCallRecord(request.name(), request.arguments(), false, false, reply));
                    listener.toolCall(records.get(records.size() - 1));
                } else {
                    StrictTool tool = byName.get(request.name());
                    JsonNode input = tool.normalizeArguments(parse(request.arguments()));
                    InvocationResult r = invoker.invoke(tool.contract().name(), input);
                    reply = r.isSuccess() ? r.output().toString()
                            : "ERROR: the skill failed (" + r.error() + "): " + r.message();
                    records.add(new ToolCallRecord(request.name(), request.arguments(), true, r.isSuccess(), reply));
                    listener.toolCall(records.get(records.size() - 1));
                }
                messages.add(ToolExecutionResultMessage.from(request, reply));
            }
            if (lastProblem != null) {
                badRounds++;
                LOG.info("step {}: the model's tool call was refused ({}), round {} of {}", step, lastProblem,
                        badRounds, maxRepairRounds);
                if (badRounds > maxRepairRounds) {
                    throw new ToolLoopException("the model's tool calls were still invalid after " + maxRepairRounds
                            + " repair rounds: " + lastProblem, step, usage);
                }
            } else {
                badRounds = 0;
            }
        }
        throw new ToolLoopException("no answer after " + maxSteps + " steps (the step limit)", maxSteps, usage);
    }

    /** Why a tool call cannot run, or null when it can; never throws, whatever the model sent. */
    static String check(ToolExecutionRequest request, Map<String, StrictTool> tools) {
        StrictTool tool = tools.get(request.name());
        if (tool == null) {
            return "unknown tool '" + request.name() + "'; the tools are: " + String.join(", ", tools.keySet()) + ".";
        }
        JsonNode args;
        try {
            args = parse(request.arguments());
        } catch (JacksonException e) {
            return "the arguments of '" + request.name() + "' are not valid JSON (" + e.getOriginalMessage() + ").";
        }
        if (!args.isObject()) {
            return "the arguments of '" + request.name() + "' must be a JSON object.";
        }
        List<SchemaViolation> violations = tool.contract().input().validate(tool.normalizeArguments(args));
        if (!violations.isEmpty()) {
            return "the arguments of '" + request.name() + "' do not match its schema: "
                    + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("; ")) + ".";
        }
        return null;
    }

    private static JsonNode parse(String arguments) {
        return JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
    }
}
