package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralSetTest {

    private static final LiteralSet WORDS = LiteralSet.of(List.of("refused", "no such host", "x509", "he", "hers"));

    @Test
    void findsAnyWordIgnoringCase() {
        assertThat(WORDS.foundIn("dial tcp 10.0.0.1:5432: connect: Connection REFUSED")).isTrue();
        assertThat(WORDS.foundIn("lookup redis on 10.96.0.10:53: no such host")).isTrue();
        assertThat(WORDS.foundIn("X509: certificate signed by unknown authority")).isTrue();
        assertThat(WORDS.foundIn("GET /api/v1/orders 200 12ms")).isFalse();
        assertThat(WORDS.foundIn("")).isFalse();
    }

    @Test
    void findsAWordThatStartsInsideAPartialMatchOfAnother() {
        // "no such hos" fails at 't', where "no such host" and "host" would overlap; "ushers" holds "he" and "hers"
        LiteralSet set = LiteralSet.of(List.of("no such host", "host x"));
        assertThat(set.foundIn("no such hosthost x")).isTrue();
        assertThat(set.foundIn("no such hos")).isFalse();
        assertThat(LiteralSet.of(List.of("hers")).foundIn("ushers")).isTrue();
        assertThat(LiteralSet.of(List.of("abcd", "bc")).foundIn("xabce")).isTrue();
    }

    @Test
    void nonAsciiTextNeverHidesAWordBesideIt() {
        assertThat(WORDS.foundIn("connexion refusée")).isFalse();
        assertThat(WORDS.foundIn("Verbindung abgelehnt (refused) – ✗")).isTrue();
        assertThat(WORDS.foundIn("ñrefusedñ")).isTrue();
        byte[] bytes = "✗refused✗\nñ".getBytes(StandardCharsets.UTF_8);
        List<Integer> lines = new ArrayList<>();
        WORDS.forEachLineWith(bytes, 0, bytes.length, lines::add);
        assertThat(lines).containsExactly(0);
    }

    @Test
    void reportsTheLinesOfUtf8BytesThatHoldAWordOnce() {
        byte[] text = "ok\nConnection refused\nrefused refused\n\nünïcode x509\nfine".getBytes(StandardCharsets.UTF_8);
        List<Integer> lines = new ArrayList<>();
        WORDS.forEachLineWith(text, 0, text.length, lines::add);
        assertThat(lines).containsExactly(1, 2, 4);
    }

    @Test
    void rejectsEmptyAndNonAsciiWords() {
        assertThatThrownBy(() -> LiteralSet.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiteralSet.of(List.of("refusée"))).hasMessageContaining("refusée");
    }
}
