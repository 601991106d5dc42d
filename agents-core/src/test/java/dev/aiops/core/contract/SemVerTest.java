package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Versions come from files, so they are outside input (issue 16, docs/testing.md "Fuzzing"). */
class SemVerTest {

    @Test
    void versionNumbersBeyondAnIntAreRefusedNamingTheNumber() {
        assertThat(SemVer.isValid("2147483647.0.0")).isTrue();
        assertThat(SemVer.parse("2147483647.0.0").major()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SemVer.isValid("1.0.2147483648")).isFalse();
        assertThat(SemVer.isValid("0.99999999999.0")).isFalse();

        assertThatThrownBy(() -> SemVer.parse("4294967296.0.0")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("'4294967296.0.0' is not a semantic version: 4294967296 is larger than 2147483647");
    }

    @Test
    void preReleasesWithLongOrEmptyIdentifiersCompareWithoutThrowing() {
        SemVer small = SemVer.parse("1.0.0-99999999999999999999");
        SemVer large = SemVer.parse("1.0.0-100000000000000000000");

        assertThat(small.compareTo(large)).isNegative();
        assertThat(large.compareTo(small)).isPositive();
        assertThat(SemVer.parse("1.0.0-.rc").compareTo(SemVer.parse("1.0.0-.rd"))).isNegative();
        assertThat(SemVer.parse("1.0.0-rc..1").compareTo(SemVer.parse("1.0.0-rc.1"))).isPositive();
    }
}
