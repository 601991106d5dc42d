package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogClueTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Error: environment variable SMTP_HOST is not set | MISSING_CONFIG | SMTP_HOST",
            "FATAL: missing required env var: DATABASE_URL | MISSING_CONFIG | DATABASE_URL",
            "KeyError: 'STRIPE_KEY' | MISSING_CONFIG | STRIPE_KEY",
            "Error: connect ECONNREFUSED 10.0.12.4:5432 | CONNECTION_REFUSED | 10.0.12.4:5432",
            "could not connect to postgres at payments-db:5432: connection refused | CONNECTION_REFUSED | payments-db:5432",
            "dial tcp 10.96.0.15:6379: connect: connection refused | CONNECTION_REFUSED | 10.96.0.15:6379",
            "dial tcp: lookup redis-cache on 10.0.0.10:53: no such host | DNS_FAILURE | redis-cache",
            "getaddrinfo ENOTFOUND orders-db | DNS_FAILURE | orders-db",
            "java.net.UnknownHostException: kafka-0.kafka | DNS_FAILURE | kafka-0.kafka",
            "dial tcp 10.0.3.4:443: i/o timeout | TIMEOUT | 10.0.3.4:443",
            "pods is forbidden: User \"system:serviceaccount:ops:bot\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\" | RBAC_FORBIDDEN | system:serviceaccount:ops:bot cannot list pods in namespace prod",
            "Exception in thread \"main\" java.lang.IllegalStateException: REPORT_BUCKET missing | ERROR | java.lang.IllegalStateException: REPORT_BUCKET missing",
            "panic: runtime error: invalid memory address | ERROR | panic: runtime error: invalid memory address",
            "open /etc/app/config.yaml: no such file or directory | FILE_MISSING | /etc/app/config.yaml",
            "org.postgresql.util.PSQLException: Connection to payments-db:5432 refused. Check that the hostname and port are correct | CONNECTION_REFUSED | payments-db:5432",
            "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: redis/10.0.4.2:6379 | CONNECTION_REFUSED | redis:6379",
            "[Consumer clientId=c-1, groupId=orders] Connection to node -1 (kafka-0.kafka/10.244.1.23:9092) could not be established. Broker may not be available. | CONNECTION_REFUSED | kafka-0.kafka:9092",
            "Get \"https://billing:8443/v1\": tls: failed to verify certificate: x509: certificate signed by unknown authority | TLS_FAILURE | billing:8443",
            "2026-12-07 10:00:01 ERROR call failed: javax.net.ssl.SSLHandshakeException: PKIX path building failed | TLS_FAILURE | ",
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired | TLS_FAILURE | ",
            "org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 Unauthorized: [no body] | AUTH_REJECTED | ",
            "{\"level\":\"error\",\"msg\":\"call failed\",\"url\":\"http://ledger.finance:8080/v1\",\"status\":403,\"error\":\"403 Forbidden\"} | AUTH_REJECTED | ledger.finance:8080",
            "rpc error: code = Unauthenticated desc = invalid token | AUTH_REJECTED | "
    })
    void readsTheCauseBehindAFailure(String line, LogClue.Kind kind, String subject) {
        LogClue clue = LogClue.classify(line);

        assertThat(clue).isNotNull();
        assertThat(clue.kind()).isEqualTo(kind);
        assertThat(clue.subject()).isEqualTo(subject);
    }

    @Test
    void linesThatOnlyMentionTlsOrAStatusAreNotClues() {
        assertThat(LogClue.classify("2026-12-07T10:00:00Z INFO TLS: enabled on :8443")).isNull();
        assertThat(LogClue.classify("GET /api/v1/orders 401 3ms")).isNull();
        assertThat(LogClue.classify("{\"level\":\"info\",\"msg\":\"loaded certificate\",\"expires\":\"2027-01-01\"}"))
                .isNull();
    }

    @Test
    void theWordsLetThroughEveryLineAnExpressionMatches() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/scenarios"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("logs.txt")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        assertThat(lines).hasSizeGreaterThan(1_000);
        int clues = 0;
        for (String line : lines) {
            LogClue all = LogClue.classify(line, false);
            assertThat(LogClue.classify(line)).as(line).isEqualTo(all);
            if (all != null) clues++;
        }
        assertThat(clues).isGreaterThan(100);
    }

    @Test
    void prefersTheMostSpecificClueAndIgnoresInfoLines() {
        LogClue clue = LogClue.find(List.of(
                "{\"level\":\"info\",\"msg\":\"Error: nothing, just a request log\"}",
                "Error: boom",
                "Error: connect ECONNREFUSED 10.0.0.1:5432"));

        assertThat(clue.kind()).isEqualTo(LogClue.Kind.CONNECTION_REFUSED);
        assertThat(clue.host()).isEqualTo("10.0.0.1");
        assertThat(clue.describe()).contains("10.0.0.1:5432");
        assertThat(LogClue.find(List.of("{\"level\":\"info\",\"msg\":\"request\",\"status\":200}"))).isNull();
        assertThat(LogClue.find(List.of())).isNull();
    }
}
