package dev.aiops.domain.spec;

import dev.aiops.core.contract.SchemaViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says in the spec's words what the validator says in counts: "must have at most 2 properties" becomes "give
 * exactly one of value, configMapKeyRef and secretKeyRef", and the validator's one "required" per alternative
 * becomes one line.
 */
final class SchemaMessages {

    /** Objects that take one (or at least one) of a few fields. */
    private record Choice(Pattern at, Set<String> fields, String message) {
    }

    private static final Set<String> COUNTING = Set.of("oneOf", "anyOf", "minProperties", "maxProperties");
    private static final List<Choice> CHOICES = List.of(
            new Choice(Pattern.compile("/env/\\d+"), Set.of("value", "configMapKeyRef", "secretKeyRef"),
                    "give exactly one of value, configMapKeyRef and secretKeyRef"),
            new Choice(Pattern.compile("/probes/[a-z]+"), Set.of("http", "tcp", "exec"),
                    "give exactly one of http, tcp and exec"),
            new Choice(Pattern.compile("/disruptionBudget"), Set.of("minAvailable", "maxUnavailable"),
                    "give exactly one of minAvailable and maxUnavailable"),
            new Choice(Pattern.compile("/dependencies/\\d+/check"), Set.of("tcp", "http"),
                    "give exactly one of tcp (host:port) and http (a URL)"),
            new Choice(Pattern.compile("/image"), Set.of("tag", "digest"), "give a tag, a digest or both"),
            new Choice(Pattern.compile("/rollout/rollbackTriggers"), Set.of("errorRatePercent", "p99LatencyMs"),
                    "give errorRatePercent, p99LatencyMs or both"));

    private SchemaMessages() {
    }

    static List<SchemaViolation> explain(List<SchemaViolation> violations) {
        Map<String, SchemaViolation> merged = new LinkedHashMap<>();
        List<SchemaViolation> out = new ArrayList<>();
        for (SchemaViolation v : violations) {
            Choice c = choiceFor(v);
            if (c == null) {
                out.add(v);
                continue;
            }
            String at = COUNTING.contains(v.keyword()) ? v.pointer() : parent(v.pointer());
            if (!merged.containsKey(at)) {
                SchemaViolation one = new SchemaViolation(at, v.keyword(), c.message());
                merged.put(at, one);
                out.add(one);
            }
        }
        return out;
    }

    private static Choice choiceFor(SchemaViolation v) {
        for (Choice c : CHOICES) {
            if (COUNTING.contains(v.keyword()) && c.at().matcher(v.pointer()).matches()) return c;
            if (v.keyword().equals("required") && c.at().matcher(parent(v.pointer())).matches()
                    && c.fields().contains(v.pointer().substring(v.pointer().lastIndexOf('/') + 1))) {
                return c;
            }
        }
        return null;
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }
}
