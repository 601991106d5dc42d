package dev.aiops.domain.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
            "open /etc/app/config.yaml: no such file or directory | FILE_MISSING | /etc/app/config.yaml"
    })
    void readsTheCauseBehindAFailure(String line, LogClue.Kind kind, String subject) {
        LogClue clue = LogClue.classify(line);

        assertThat(clue).isNotNull();
        assertThat(clue.kind()).isEqualTo(kind);
        assertThat(clue.subject()).isEqualTo(subject);
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
