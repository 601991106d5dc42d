package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {

    private static final LogRedactor REDACTOR = LogRedactor.withSecretValues(List.of("hunter2-secret"));

    private static LogText raw(String text) {
        byte[] bytes = ("garbage before\n" + text).getBytes(StandardCharsets.UTF_8);
        int from = "garbage before\n".length();
        return LogText.of(bytes, from, bytes.length, REDACTOR);
    }

    @Test
    void linesAreSplitAtNewlinesWithoutTheirCarriageReturns() {
        LogText log = raw("first\r\n\nthird ✓\nlast");

        assertThat(log).containsExactly("first", "", "third ✓", "last");
        assertThat(raw("a\nb\n")).containsExactly("a", "b");
        assertThat(raw("")).isEmpty();
    }

    @Test
    void everyLineIsRedactedAsItIsRead() {
        LogText log = raw("login with password=hunter2 ok\nusing hunter2-secret\nplain");

        assertThat(log).containsExactly("login with password=[REDACTED] ok", "using [REDACTED]", "plain");
        assertThat(log.tail(1)).containsExactly("plain");
    }

    @Test
    void theTailIsTheLastLinesOfTheSameText() {
        LogText log = raw("1\n2\n\n4\n5\n");

        assertThat(log.tail(2)).containsExactly("4", "5");
        assertThat(log.tail(3)).containsExactly("", "4", "5");
        assertThat(log.tail(10)).isSameAs(log);
        assertThat(log.tail(0)).isEmpty();
    }

    @Test
    void onlyLinesHoldingAWordAreReportedByTheirIndexInTheTail() {
        LogText log = raw("GET / 200\ndial tcp: connection refused\nGET / 200\nERROR: connection refused again\nok");
        List<Integer> found = new ArrayList<>();

        log.tail(3).forEachLineWith(LiteralSet.of(List.of("refused")), found::add);

        assertThat(found).containsExactly(1);
        assertThat(log.tail(3).get(1)).isEqualTo("ERROR: connection refused again");
    }

    @Test
    void linesGivenAlreadyRedactedAreKeptAsTheyAreAndAppendedInOrder() {
        LogText first = LogText.of(List.of("a", "token [REDACTED]"));
        LogText joined = first.append(raw("c password=x"));

        assertThat(first).containsExactly("a", "token [REDACTED]");
        assertThat(joined).containsExactly("a", "token [REDACTED]", "c password=[REDACTED]");
        assertThat(LogText.of(List.of())).isEmpty();
    }
}
