package dev.aiops.core.llm;

import java.util.ArrayList;
import java.util.List;

/** Bodies in the OpenAI chat-completions wire format, for WireMock stubs and the raw SSE server. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    static String completion(String content, String finish, String usage) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},
                             "finish_reason":"%s","logprobs":null}]%s}"""
                .formatted(content == null ? "null" : quote(content), finish, usage == null ? "" : ",\"usage\":" + usage);
    }

    static String usage(int prompt, int cached, int completion, int reasoning) {
        return """
                {"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                 "prompt_tokens_details":{"cached_tokens":%d},"completion_tokens_details":{"reasoning_tokens":%d}}"""
                .formatted(prompt, completion, prompt + completion, cached, reasoning);
    }

    static String toolCall(String id, String name, String arguments) {
        return """
                {"id":"chatcmpl-2","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"%s","type":"function","function":{"name":"%s","arguments":%s}}]},
                   "finish_reason":"tool_calls","logprobs":null}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}"""
                .formatted(id, name, quote(arguments));
    }

    static String refusal(String text) {
        return """
                {"id":"chatcmpl-3","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":%s},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""".formatted(quote(text));
    }

    static String error(String message, String type, String code) {
        return """
                {"error":{"message":%s,"type":"%s","param":null,"code":"%s"}}""".formatted(quote(message), type, code);
    }

    /** One SSE event line with a chunk. */
    static String chunk(String deltaJson, String finish) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    static String usageChunk(int prompt, int completion) {
        return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}\n\n";
    }

    static String text(String t) {
        return chunk("{\"content\":" + quote(t) + "}", null);
    }

    /** A full SSE body: the words as deltas, a stop, the usage chunk and [DONE]. */
    static String sse(List<String> words) {
        StringBuilder sb = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String w : words) {
            sb.append(text(w));
        }
        return sb.append(chunk("{}", "stop")).append(usageChunk(42, words.size())).append("data: [DONE]\n\n")
                .toString();
    }

    static List<String> words(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("w" + i + " ");
        }
        return out;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
