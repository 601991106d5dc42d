package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hand-written time readers, each with where it stops. */
class TimeScannerTest {

    @Test
    void commonLogFormatWithItsOffset() {
        TimeScanner s = new TimeScanner();
        String line = "21/Nov/2026:15:10:48 +0100] \"GET / HTTP/1.1\"";

        long t = s.clf(line, 0);

        assertThat(TimeScanner.toInstant(t)).isEqualTo(Instant.parse("2026-11-21T14:10:48Z"));
        assertThat(line.substring(s.end)).startsWith("]");
        assertThat(s.clf("21-Nov-2026:15:10:48 +0000", 0)).isEqualTo(TimeScanner.NONE);
    }

    @Test
    void dayMonthYearWithAFractionLongerThanNanoseconds() {
        TimeScanner s = new TimeScanner();
        String line = "21 Nov 2026 15:29:09.7051234567 * Ready to accept connections";

        long t = s.dayMonthYear(line, 0);

        assertThat(TimeScanner.toInstant(t)).isEqualTo(Instant.parse("2026-11-21T15:29:09.705123456Z"));
        assertThat(line.substring(s.end)).startsWith(" * Ready");
        assertThat(s.dayMonthYear("21/Nov/2026 15:29:09", 0)).isEqualTo(TimeScanner.NONE);
    }

    @Test
    void rfc3339WithACommaFraction() {
        TimeScanner s = new TimeScanner();

        long t = s.rfc3339("2026-11-21 09:20:29,5 INFO started", 0);

        assertThat(TimeScanner.toInstant(t)).isEqualTo(Instant.parse("2026-11-21T09:20:29.500Z"));
    }
}
