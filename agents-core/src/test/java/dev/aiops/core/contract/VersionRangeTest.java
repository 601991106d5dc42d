package dev.aiops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VersionRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "^1.2,       1.2.0,  true",
            "^1.2,       1.9.9,  true",
            "^1.2,       2.0.0,  false",
            "^1.2,       1.1.9,  false",
            "^0.2.3,     0.2.9,  true",
            "^0.2.3,     0.3.0,  false",
            "^0.0.3,     0.0.4,  false",
            "~1.2.3,     1.2.9,  true",
            "~1.2.3,     1.3.0,  false",
            "~1,         1.9.0,  true",
            "1.x,        1.4.2,  true",
            "1.x,        2.0.0,  false",
            "1.2.x,      1.2.7,  true",
            "*,          9.9.9,  true",
            "1.4.0,      1.4.0,  true",
            "1.4.0,      1.4.1,  false",
            "'>=1.0.0 <2.0.0', 1.5.0, true",
            "'>=1.0.0 <2.0.0', 2.0.0, false",
            "'>=1.0.0 <2.0.0', 0.9.0, false",
            "'<2.0.0 >=1.0.0', 0.9.0, false",
            "'>1.2',     1.3.0,  true",
            "'>1.2',     1.2.9,  false",
            "'<=1.2',    1.2.9,  true",
            "'<=1.2',    1.3.0,  false",
            "'>1.2.3',   1.2.3,  false",
            "'<1.0.0',   1.0.0-rc.1, true",
            "'^1.0 || ^3.0', 3.1.0, true",
            "'^1.0 || ^3.0', 2.1.0, false",
            "'>= 1.0.0',  1.0.0, true",
            "^0.0.3,     0.0.3,  true",
            "^0.2,       0.2.9,  true",
            "^0.2,       0.3.0,  false",
            "1.4.0-rc.1, 1.4.0-rc.1, true",
            "1.4.0-rc.1, 1.4.0,  false",
            "'>=1.0.0 >=1.5.0', 1.4.0, false",
            "'>=1.5.0 >=1.0.0', 1.4.0, false",
            "'>=1.2.0 >1.2.0',  1.2.0, false",
            "'>1.2.0 >=1.2.0',  1.2.0, false",
            "'>=1.2.0 >1.1.0',  1.2.0, true",
            "'<2.0.0 <=1.5.0',  1.6.0, false",
            "'<=1.5.0 <2.0.0',  1.6.0, false",
            "'<=1.5.0 <1.5.0',  1.5.0, false",
            "'<1.5.0 <=1.5.0',  1.5.0, false",
            "'<=1.5.0 <1.6.0',  1.5.0, true"
    })
    void matchesLikeNpmAndCargo(String range, String version, boolean expected) {
        assertThat(VersionRange.parse(range).contains(SemVer.parse(version))).isEqualTo(expected);
    }

    @Test
    void rejectsGarbageWithTheOffendingPart() {
        assertThatThrownBy(() -> VersionRange.parse(">=1.0 banana")).hasMessageContaining("'banana'");
        assertThatThrownBy(() -> VersionRange.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> VersionRange.parse("^1.0 ||")).hasMessageContaining("empty alternative");
    }

    @Test
    void comparesSemanticVersionsIncludingPreReleases() {
        assertThat(SemVer.parse("1.0.0-alpha")).isLessThan(SemVer.parse("1.0.0-alpha.1"));
        assertThat(SemVer.parse("1.0.0-alpha.1")).isLessThan(SemVer.parse("1.0.0-beta"));
        assertThat(SemVer.parse("1.0.0-beta.2")).isLessThan(SemVer.parse("1.0.0-beta.11"));
        assertThat(SemVer.parse("1.0.0-rc.1")).isLessThan(SemVer.parse("1.0.0"));
        assertThat(SemVer.parse("1.10.0")).isGreaterThan(SemVer.parse("1.9.0"));
        assertThat(SemVer.parse("2.0.0+build.5")).isEqualByComparingTo(SemVer.of(2, 0, 0));
        assertThat(SemVer.parse("1.0.0-1")).as("numeric identifiers sort first").isLessThan(SemVer.parse("1.0.0-a"));
        assertThat(SemVer.parse("1.0.0-a")).isGreaterThan(SemVer.parse("1.0.0-1"));
        assertThat(SemVer.parse("1.2.3-rc.1").toString()).isEqualTo("1.2.3-rc.1");
        assertThatThrownBy(() -> SemVer.parse("1.2")).hasMessageContaining("'1.2'");
        assertThat(VersionRange.parse("^1.0")).isEqualTo(VersionRange.parse("^1.0"))
                .hasSameHashCodeAs(VersionRange.parse("^1.0"));
        assertThat(VersionRange.any().contains(SemVer.of(0, 0, 1))).isTrue();
    }

    @Test
    void rangesAreEqualByTheirText() {
        assertThat(VersionRange.parse(" ^1.2 ")).isEqualTo(VersionRange.parse("^1.2"))
                .hasSameHashCodeAs(VersionRange.parse("^1.2")).hasToString("^1.2");
        assertThat(VersionRange.parse("^1.2")).isNotEqualTo(VersionRange.parse("~1.2")).isNotEqualTo("^1.2");
    }
}
