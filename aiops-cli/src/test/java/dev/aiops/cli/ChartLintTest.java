package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm lint --strict charts/aiops} with the default values and with each values file the chart ships. */
class ChartLintTest {

    @ParameterizedTest(name = "values.yaml + {0}")
    @NullSource
    @ValueSource(strings = {"values-dev.yaml", "values-prod.yaml"})
    void lintsCleanInStrictMode(String valuesFile) {
        LintResult result = ChartFixture.lint(valuesFile);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        // strict: only the icon recommendation (an [INFO]) may remain
        assertThat(result.getMessages()).allMatch(m -> !m.contains("[WARNING]") && !m.contains("[ERROR]"),
                "no warnings or errors");
    }
}
