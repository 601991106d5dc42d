package dev.aiops.infra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per redaction pattern, each line caught by that pattern alone, with the exact redacted line: switching any
 * one pass off, or masking less of a value, fails its row.
 */
class LogRedactorPatternsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "authorization header | GET / Authorization: Basic dXNlcjpwYXNzd29yZA== | GET / Authorization: Basic [REDACTED]",
            "bearer token         | calling with bearer abcdefgh12345678 now | calling with bearer [REDACTED] now",
            "assignment           | connecting with password=hunter2 to db | connecting with password=[REDACTED] to db",
            "quoted assignment    | `{\"password\":\"s3cr3t-value\",\"user\":\"app\"}` | `{\"password\":\"[REDACTED]\",\"user\":\"app\"}`",
            "url credentials      | postgres://app:Sup3rS3cret@db:5432/app | postgres://app:[REDACTED]@db:5432/app",
            "jwt                  | token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghij seen | token [REDACTED] seen",
            "aws access key       | aws key AKIAIOSFODNN7EXAMPLE used | aws key [REDACTED] used",
            "private key          | -----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEA | [REDACTED]"
    })
    void eachPatternMasksExactlyItsSecret(String pattern, String line, String expected) {
        LogRedactor.Redacted r = LogRedactor.standard().redact(line);

        assertThat(r.line()).as(pattern).isEqualTo(expected);
        assertThat(r.count()).as(pattern).isEqualTo(1);
    }

    @Test
    void overlappingSecretValuesAreMaskedLongestFirstSoNoTailLeaks() {
        LogRedactor r = LogRedactor.withSecretValues(List.of("s3cret", "s3cret-and-more"));

        assertThat(r.redact("got s3cret-and-more then s3cret").line()).isEqualTo("got [REDACTED] then [REDACTED]");
    }
}
