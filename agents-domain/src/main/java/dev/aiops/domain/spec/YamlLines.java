package dev.aiops.domain.spec;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The line of a YAML document that each JSON pointer starts on (a member's key, an item's dash). */
final class YamlLines {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** The lines of the first document of {@code yaml}; none when it does not parse. */
    static YamlLines of(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t;
            int depth = 0;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (--depth == 0) break;
                    continue;
                }
                lines.putIfAbsent(p.streamReadContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
            }
        } catch (JacksonException e) {
            // the document has been parsed before; a failure here only costs the line numbers
        }
        return new YamlLines(lines);
    }

    /** The line of {@code pointer}, or of its nearest ancestor that is in the document (a missing member's parent). */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) return line;
            if (p.isEmpty()) return 0;
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
