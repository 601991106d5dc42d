package dev.aiops.infra.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokenising, the argv form, flag look-ups and the never-throws promise. */
class CommandReviewApiTest {

    @Test
    void tokenizeSplitsOnWhitespaceAndKeepsQuotedTextTogether() {
        assertThat(CommandReview.tokenize("  kubectl\tget   pods ")).containsExactly("kubectl", "get", "pods");
        assertThat(CommandReview.tokenize("kubectl patch deploy web -p '{\"spec\": {\"replicas\": 2}}'"))
                .containsExactly("kubectl", "patch", "deploy", "web", "-p", "{\"spec\": {\"replicas\": 2}}");
        assertThat(CommandReview.tokenize("a'b c'\"d e\"f")).containsExactly("ab cd ef");
        assertThat(CommandReview.tokenize("x '' \"\"")).containsExactly("x", "", "");
    }

    @Test
    void singleQuotesAreLiteralAndDoubleQuotesKnowFourEscapes() {
        assertThat(CommandReview.tokenize("'a \\\" $x \\\\ `b`'")).containsExactly("a \\\" $x \\\\ `b`");
        assertThat(CommandReview.tokenize("\"a \\\" \\\\ \\$ \\` \\n\"")).containsExactly("a \" \\ $ ` \\n");
        assertThat(CommandReview.tokenize("a\\ b \\'c \\| \\#d")).containsExactly("a b", "'c", "|", "#d");
        assertThat(CommandReview.tokenize("kubectl get \\\n  pods")).containsExactly("kubectl", "get", "pods");
    }

    @Test
    void operatorsOutsideQuotesAreTokensOfTheirOwnAndCommentsAreDropped() {
        assertThat(CommandReview.tokenize("a|b&&c;d>e 2>f")).containsExactly("a", "|", "b", "&&", "c", ";", "d", ">",
                "e", "2>", "f");
        assertThat(CommandReview.tokenize("kubectl delete pod web   # destructive"))
                .containsExactly("kubectl", "delete", "pod", "web");
        assertThat(CommandReview.tokenize("kubectl get cm a#b '#c'")).containsExactly("kubectl", "get", "cm", "a#b",
                "#c");
        assertThat(CommandReview.tokenize("echo $(date | tr a b) `x y`")).containsExactly("echo",
                "$(date | tr a b)", "`x y`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubectl get 'pods", "kubectl get \"pods", "kubectl get \"pods\\\"", "echo $(date",
            "echo `date", "echo \"$(date\""})
    void tokenizeThrowsOnAnUnterminatedQuote(String line) {
        assertThatThrownBy(() -> CommandReview.tokenize(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
        KubectlCommand c = CommandReview.review(line);
        assertThat(c.commandClass()).isEqualTo(CommandClass.UNKNOWN);
        assertThat(c.reason()).contains("unterminated");
        assertThat(c.argv()).isEmpty();
        assertThat(c.verb()).isEmpty();
    }

    @Test
    void tokenizeRefusesNull() {
        assertThatThrownBy(() -> CommandReview.tokenize(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anArgvIsReadWithoutAShell() {
        KubectlCommand exec = CommandReview.review(List.of("kubectl", "exec", "web-1", "--", "sh", "-c", "ls | wc"));
        assertThat(exec.commandClass()).isEqualTo(CommandClass.DESTRUCTIVE);
        assertThat(exec.positional()).containsExactly("web-1", "sh", "-c", "ls | wc");
        assertThat(exec.text()).isEqualTo("kubectl exec web-1 -- sh -c 'ls | wc'");

        KubectlCommand note = CommandReview.review(List.of("kubectl", "annotate", "pod", "web", "note=$(it's)"));
        assertThat(note.commandClass()).isEqualTo(CommandClass.MUTATING);
        assertThat(CommandReview.tokenize(note.text())).isEqualTo(note.argv());

        KubectlCommand piped = CommandReview.review(List.of("kubectl", "get", "pods", "|", "grep", "web"));
        assertThat(piped.commandClass()).isEqualTo(CommandClass.UNKNOWN);
        assertThat(piped.reason()).contains("`|`");
        assertThat(piped.verb()).isEqualTo("get");
        assertThat(CommandReview.review(List.of("kubectl", "get", "pods", "2>", "x")).commandClass())
                .isEqualTo(CommandClass.UNKNOWN);
    }

    @Test
    void flagsAreFoundByTheirLongShortAndBareNames() {
        KubectlCommand c = CommandReview.review("kubectl -n shop get pods -o=wide -n staging --show-labels -lapp=web");

        assertThat(c.hasFlag("-n")).isTrue();
        assertThat(c.hasFlag("--namespace")).isTrue();
        assertThat(c.hasFlag("namespace")).isTrue();
        assertThat(c.flag("-n")).isEqualTo("staging");
        assertThat(c.flags().get("--namespace")).containsExactly("shop", "staging");
        assertThat(c.flag("-o")).isEqualTo("wide");
        assertThat(c.flag("--selector")).isEqualTo("app=web");
        assertThat(c.flag("--show-labels")).isEmpty();
        assertThat(c.hasFlag("--force")).isFalse();
        assertThat(c.flag("--force")).isNull();
        assertThat(c.hasFlag(null)).isFalse();

        KubectlCommand logs = CommandReview.review("kubectl logs -f web-1");
        assertThat(logs.hasFlag("-f")).isTrue();
        assertThat(logs.hasFlag("--follow")).isTrue();
        assertThat(logs.hasFlag("--filename")).isFalse();
        assertThat(logs.name()).isEqualTo("web-1");

        KubectlCommand set = CommandReview.review("kubectl set resources deploy/web -c app --limits=memory=1Gi");
        assertThat(set.flag("--containers")).isEqualTo("app");
        assertThat(set.flag("-c")).isEqualTo("app");
    }

    @Test
    void argumentsAfterTheSeparatorAreNeverFlags() {
        KubectlCommand c = CommandReview.review("kubectl exec web-1 -n shop -- rm --force --grace-period=0 -n x");

        assertThat(c.flags()).containsOnlyKeys("--namespace");
        assertThat(c.namespace()).isEqualTo("shop");
        assertThat(c.positional()).containsExactly("web-1", "rm", "--force", "--grace-period=0", "-n", "x");
        assertThat(c.reason()).contains("kubectl exec");
    }

    @Test
    void theCommandIsImmutable() {
        List<String> argv = new ArrayList<>(List.of("kubectl", "get", "pods"));
        KubectlCommand c = CommandReview.review(argv);
        argv.add("--force");

        assertThat(c.argv()).containsExactly("kubectl", "get", "pods");
        assertThatThrownBy(() -> c.argv().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.positional().add("x")).isInstanceOf(UnsupportedOperationException.class);
        KubectlCommand n = CommandReview.review("kubectl get pods -n shop");
        assertThatThrownBy(() -> n.flags().put("--force", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> n.flags().get("--namespace").add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullAndEmptyInputAreUnknown() {
        List<String> withNull = Arrays.asList("kubectl", null, "pods");
        for (KubectlCommand c : List.of(CommandReview.review((String) null), CommandReview.review((List<String>) null),
                CommandReview.review(List.of()), CommandReview.review(withNull))) {
            assertThat(c.commandClass()).isEqualTo(CommandClass.UNKNOWN);
            assertThat(c.text()).isNotNull();
            assertThat(c.verb()).isEmpty();
            assertThat(c.argv()).isNotNull();
            assertThat(c.reason()).isNotBlank();
        }
    }

    @Test
    void reviewNeverThrows() {
        String alphabet = "kubectl get delete -n --force = ' \" \\ $ ( ) ` | & ; < > # \n / : , . pod deploy/web";
        String[] pieces = alphabet.split(" ");
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder(random.nextBoolean() ? "kubectl " : "");
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) {
                line.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(3) > 0) {
                    line.append(' ');
                }
            }
            KubectlCommand c = CommandReview.review(line.toString());
            assertThat(c.reason()).as(line.toString()).isNotBlank();
            assertThat(c.verb()).isNotNull();
            if (!c.commandClass().equals(CommandClass.UNKNOWN)) {
                assertThat(c.argv().get(0)).isEqualTo("kubectl");
                assertThat(CommandReview.review(c.argv()).commandClass()).as(line.toString())
                        .isEqualTo(c.commandClass());
            }
        }
    }

    @Test
    void unknownCountsAsDestructive() {
        assertThat(CommandClass.UNKNOWN.atLeastDestructive()).isTrue();
        assertThat(CommandClass.DESTRUCTIVE.atLeastDestructive()).isTrue();
        assertThat(CommandClass.MUTATING.atLeastDestructive()).isFalse();
        assertThat(CommandClass.READ_ONLY.atLeastDestructive()).isFalse();
        assertThat(CommandClass.READ_ONLY.readOnly()).isTrue();
        assertThat(CommandClass.MUTATING.readOnly()).isFalse();
        assertThat(CommandClass.UNKNOWN.readOnly()).isFalse();
    }
}
