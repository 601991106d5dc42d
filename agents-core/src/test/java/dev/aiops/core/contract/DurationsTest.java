package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "250ms,   PT0.25S",
            "10s,     PT10S",
            "2m,      PT2M",
            "1h,      PT1H",
            "7d,      PT168H",
            "' 3s ',  PT3S",
            "PT30S,   PT30S",
            "P1DT2H,  PT26H"
    })
    void readsTheShortFormAndIso8601(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void rejectsAnythingElseNamingBothForms() {
        assertThatThrownBy(() -> Durations.parse("10 parsecs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10 parsecs' is not a duration (use 250ms, 10s, 2m, 1h, 7d or ISO-8601 such as PT30S)");
        assertThatThrownBy(() -> Durations.parse("5w")).hasMessageStartingWith("'5w' is not a duration");
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "PT0S,              0s",
            "PT0.25S,           250ms",
            "PT1S,              1s",
            "PT12M30S,          12m30s",
            "PT3H20M,           3h20m",
            "PT336H,            14d",
            "PT24H0.001S,       1d1ms",
            "PT-1M-30S,         -1m30s",
            "PT59M59.999S,      59m59s999ms"
    })
    void writesTheShortFormLargestUnitsFirst(String iso, String text) {
        assertThat(Durations.text(Duration.parse(iso))).isEqualTo(text);
    }
}
