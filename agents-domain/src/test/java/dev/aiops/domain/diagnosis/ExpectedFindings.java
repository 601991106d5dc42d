package dev.aiops.domain.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Scores a report against an {@code expected.json}: every expected finding must appear with its category on
 * the object or its owner, name one of its keywords, and have the expected severity (or, when the expectation gives
 * none, at least medium: an expected problem has a present symptom); healthy objects must get nothing above low.
 */
final class ExpectedFindings {

    private ExpectedFindings() {
    }

    /** Problems with {@code report} against {@code expected}; empty when it satisfies it. */
    static List<String> check(JsonNode expected, DiagnosisReport report) {
        List<String> problems = new ArrayList<>();
        for (JsonNode e : expected.path("findings")) {
            String category = e.path("category").asString();
            ObjectRef object = new ObjectRef(e.path("kind").asString(), e.path("namespace").asString(null),
                    e.path("name").asString());
            ObjectRef owner = e.has("ownerName") ? new ObjectRef(e.path("ownerKind").asString(), object.namespace(),
                    e.path("ownerName").asString()) : null;
            Finding match = report.findings().stream()
                    .filter(f -> f.category().name().equals(category))
                    .filter(f -> f.object().equals(object) || f.object().equals(owner)
                            || (f.owner() != null && (f.owner().equals(object) || f.owner().equals(owner))))
                    .findFirst().orElse(null);
            if (match == null) {
                problems.add("missing " + category + " on " + object);
                continue;
            }
            String severity = e.path("severity").asString(null);
            if (severity != null ? !match.severity().label().equals(severity) : !match.severity().atLeast(Severity.MEDIUM)) {
                problems.add(category + " on " + object + " is " + match.severity().label() + ", expected "
                        + (severity != null ? severity : "at least medium"));
            }
            List<String> keywords = new ArrayList<>();
            e.path("keywords").forEach(k -> keywords.add(k.asString()));
            String text = (match.summary() + " " + match.rootCause() + " "
                    + match.evidence().stream().map(Evidence::text).reduce("", String::concat)).toLowerCase(Locale.ROOT);
            if (!keywords.isEmpty() && keywords.stream().noneMatch(k -> text.contains(k.toLowerCase(Locale.ROOT)))) {
                problems.add(category + " on " + object + " names none of " + keywords + ": " + match.rootCause());
            }
        }
        for (JsonNode h : expected.path("healthy")) {
            ObjectRef ref = new ObjectRef(h.path("kind").asString(), h.path("namespace").asString(null),
                    h.path("name").asString());
            for (Finding f : report.findings()) {
                boolean about = f.object().equals(ref) || ref.equals(f.owner());
                if (about && f.severity().atLeast(Severity.MEDIUM)) {
                    problems.add("healthy " + ref + " got " + f.severity().label() + " " + f.category() + ": " + f.summary());
                }
            }
        }
        return problems;
    }
}
