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
            "aws session key      | aws key ASIAIOSFODNN7EXAMPLE used | aws key [REDACTED] used",
            "colon assignment     | api_key: sk-live-1234 | api_key: [REDACTED]",
            "pwd assignment       | db_pwd=abc123def | db_pwd=[REDACTED]",
            "secret assignment    | client_secret=xyz123 now | client_secret=[REDACTED] now",
            "token assignment     | access_token=abcdef; | access_token=[REDACTED];",
            "credential           | credentials=user-pass-1 | credentials=[REDACTED]",
            "single quotes        | password='s3cret' | password='[REDACTED]'",
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a keyword without a value   | the token expired at noon",
            "a value without a keyword   | user=alice id=42",
            "an assignment of nothing secret | level: info"
    })
    void linesWithoutSecretsAreLeftAlone(String why, String line) {
        LogRedactor.Redacted r = LogRedactor.standard().redact(line);

        assertThat(r.line()).as(why).isEqualTo(line);
        assertThat(r.count()).as(why).isZero();
    }

    @Test
    void secretValuesAreCountedPerOccurrenceFromFourCharactersOn() {
        LogRedactor r = LogRedactor.withSecretValues(List.of("abcd", "xyz"));

        LogRedactor.Redacted out = r.redact("abcd then abcd and xyz");

        assertThat(out.line()).isEqualTo("[REDACTED] then [REDACTED] and xyz");
        assertThat(out.count()).isEqualTo(2);
    }

    @Test
    void redactAllAddsEveryLinesCountToTheCounter() {
        int[] counter = {5};

        List<String> out = LogRedactor.standard().redactAll(List.of("password=a1b2c3", "ok", "token=x1 secret=y2"),
                counter);

        assertThat(out).containsExactly("password=[REDACTED]", "ok", "token=[REDACTED] secret=[REDACTED]");
        assertThat(counter[0]).isEqualTo(8);
    }
}
