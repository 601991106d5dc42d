package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "GET /api Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghij | abcdefghij",
            "connecting with password=hunter2 to db | hunter2",
            "{\"user\":\"app\",\"password\":\"s3cr3t-value\"} | s3cr3t-value",
            "DATABASE_URL=postgres://app:Sup3rS3cret@db:5432/app | Sup3rS3cret",
            "api_key: sk-live-1234567890abcdef | sk-live-1234567890abcdef",
            "aws key AKIAIOSFODNN7EXAMPLE used | AKIAIOSFODNN7EXAMPLE",
            "token=ghp_abcdefghijklmnopqrstuvwxyz123456 ok | ghp_abcdefghijklmnopqrstuvwxyz123456",
            "-----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEA | MIIEpAIBAAKCAQEA"
    })
    void removesCommonSecrets(String line, String secret) {
        LogRedactor.Redacted r = LogRedactor.standard().redact(line);

        assertThat(r.line()).doesNotContain(secret).contains(LogRedactor.MASK);
        assertThat(r.count()).isPositive();
    }

    @Test
    void masksTheValuesOfTheClustersSecrets() {
        LogRedactor r = LogRedactor.withSecretValues(List.of("correct-horse-battery", "ab"));

        LogRedactor.Redacted out = r.redact("login with correct-horse-battery failed");

        assertThat(out.line()).isEqualTo("login with [REDACTED] failed");
        assertThat(r.redact("ab is too short to mask").line()).isEqualTo("ab is too short to mask");
    }

    @Test
    void leavesOrdinaryLinesAlone() {
        String line = "{\"level\":\"info\",\"msg\":\"request\",\"path\":\"/api/v1/orders\",\"status\":200}";
        int[] counter = {0};

        assertThat(LogRedactor.standard().redactAll(List.of(line), counter)).containsExactly(line);
        assertThat(counter[0]).isZero();
    }
}
