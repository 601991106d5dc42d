package dev.aiops.domain.eval;

import dev.aiops.core.llm.Usage;
import java.util.Objects;

/**
 * A model's grades of one diagnosis report through the versioned {@code eval.rubric} prompt, each 0 to 5, with
 * what the call cost. When the call failed or the answer did not fit the rubric's schema the grades are null and
 * {@code error} says why.
 *
 * @param rootCause   names the specific root cause that really happened
 * @param evidence    cites the observations that prove it
 * @param remediation fixes it safely (a destructive step without a warning scores low)
 * @param usage       tokens and cost of the call ({@link Usage#NONE} when none was made)
 * @param prompt      the prompt's id and version
 * @param error       why there are no grades, or null
 */
public record Rubric(Grade rootCause, Grade evidence, Grade remediation, Usage usage, String prompt, String error) {

    /** One criterion's score, 0 (absent or wrong) to 5 (fully right), and the model's reason. */
    public record Grade(int score, String reason) {
    }

    public Rubric {
        Objects.requireNonNull(usage, "usage");
    }

    static Rubric failed(String error, Usage usage, String prompt) {
        return new Rubric(null, null, null, usage, prompt, error);
    }

    public boolean graded() {
        return error == null;
    }
}
