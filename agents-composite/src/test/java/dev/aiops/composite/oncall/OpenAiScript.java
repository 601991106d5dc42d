package dev.aiops.composite.oncall;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A model's side of a conversation, scripted on WireMock speaking the OpenAI chat-completions API: each step
 * answers one request, as a JSON completion or, when the request asks for {@code stream: true}, as server-sent
 * event chunks (tool-call arguments split across deltas, the answer word by word), in order.
 */
public final class OpenAiScript implements AutoCloseable {

    public static final String PATH = "/v1/chat/completions";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer wm;
    private int steps;

    public OpenAiScript() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + wm.port() + "/v1";
    }

    /** The next request is answered with a call of {@code tool} with {@code arguments} (a JSON object). */
    public OpenAiScript toolCall(String tool, String arguments) {
        String id = "call_" + (steps + 1);
        String json = """
                {"id":"chatcmpl-%d","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"%s","type":"function","function":{"name":"%s","arguments":%s}}]},
                   "finish_reason":"tool_calls","logprobs":null}],
                 "usage":{"prompt_tokens":900,"completion_tokens":30,"total_tokens":930}}"""
                .formatted(steps, id, tool, quote(arguments));
        StringBuilder sse = new StringBuilder(chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\""
                + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tool + "\",\"arguments\":\"\"}}]}", null));
        int half = arguments.length() / 2;
        for (String part : List.of(arguments.substring(0, half), arguments.substring(half))) {
            sse.append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(part) + "}}]}",
                    null));
        }
        sse.append(chunk("{}", "tool_calls")).append(usage(900, 30)).append("data: [DONE]\n\n");
        return step(json, sse.toString());
    }

    /** The next request is answered with {@code text}. */
    public OpenAiScript answer(String text) {
        String json = """
                {"id":"chatcmpl-%d","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280}}"""
                .formatted(steps, quote(text));
        StringBuilder sse = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String word : text.split("(?<= )")) {
            sse.append(chunk("{\"content\":" + quote(word) + "}", null));
        }
        sse.append(chunk("{}", "stop")).append(usage(1200, 80)).append("data: [DONE]\n\n");
        return step(json, sse.toString());
    }

    private OpenAiScript step(String json, String sse) {
        String from = steps == 0 ? Scenario.STARTED : "step-" + steps;
        String to = "step-" + (steps + 1);
        wm.stubFor(stub(from, to).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(sse)));
        wm.stubFor(stub(from, to).atPriority(2)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(json)));
        steps++;
        return this;
    }

    private static MappingBuilder stub(String from, String to) {
        return post(urlEqualTo(PATH)).inScenario("conversation").whenScenarioStateIs(from).willSetStateTo(to);
    }

    /** The bodies of the requests the model received, in order. */
    public List<String> requests() {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            out.add(r.getBodyAsString());
        }
        return out;
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String usage(int prompt, int completion) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}\n\n";
    }

    private static String quote(String s) {
        return JSON.writeValueAsString(JsonNodeFactory.instance.stringNode(s));
    }

    @Override
    public void close() {
        wm.stop();
    }
}
