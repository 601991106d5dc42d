package dev.aiops.domain.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Time, level and correlation id of one line, in each format containers write. */
class LogLineParserTest {

    private static final long REFERENCE = TimeScanner.instant("2026-12-07T12:00:00Z");

    static Stream<Arguments> lines() {
        return Stream.of(
                // RFC 3339 and its relatives at the start
                Arguments.of("2026-12-07T10:15:03Z INFO server started", "2026-12-07T10:15:03Z", Level.INFO, null),
                Arguments.of("2026-12-07T10:15:03.123456Z ERROR db down", "2026-12-07T10:15:03.123456Z", Level.ERROR, null),
                Arguments.of("2026-12-07T11:15:03.5+01:00 WARN slow", "2026-12-07T10:15:03.500Z", Level.WARNING, null),
                Arguments.of("2026-12-07T05:15:03-0500 warn slow", "2026-12-07T10:15:03Z", Level.WARNING, null),
                Arguments.of("2026-12-07 10:15:03,250 ERROR app: boom", "2026-12-07T10:15:03.250Z", Level.ERROR, null),
                Arguments.of("2026-12-07T10:15:03.123456789Z {\"level\":\"warn\",\"msg\":\"kubectl --timestamps\"}",
                        "2026-12-07T10:15:03.123456789Z", Level.WARNING, null),
                Arguments.of("2026-12-07T10:15:03.000000001Z 2026-12-07T10:15:02Z INFO the prefix wins",
                        "2026-12-07T10:15:03.000000001Z", Level.INFO, null),
                // klog: the year from the reference (the snapshot's time, an upper bound)
                Arguments.of("E1207 10:15:03.123456       1 reconcile.go:42] \"Reconciler error\" err=\"conflict\"",
                        "2026-12-07T10:15:03.123456Z", Level.ERROR, null),
                Arguments.of("W1231 23:59:59.000001   7 leader.go:9] lease lost", "2025-12-31T23:59:59.000001Z",
                        Level.WARNING, null),
                Arguments.of("I1207 10:15:03.000000       1 server.go:1] \"Serving\" trace_id=\"t-7\"",
                        "2026-12-07T10:15:03Z", Level.INFO, "t-7"),
                // JSON with ts, time, timestamp or @timestamp as a string or an epoch number
                Arguments.of("{\"level\":\"error\",\"ts\":\"2026-12-07T10:15:03.5Z\",\"msg\":\"x\",\"traceId\":\"abc\"}",
                        "2026-12-07T10:15:03.500Z", Level.ERROR, "abc"),
                Arguments.of("{\"level\":\"info\",\"ts\":1796638503.25,\"msg\":\"zap epoch seconds\"}",
                        "2026-12-07T10:15:03.250Z", Level.INFO, null),
                Arguments.of("{\"level\":50,\"time\":1796638503000,\"reqId\":\"req-9\",\"msg\":\"pino\"}",
                        "2026-12-07T10:15:03Z", Level.ERROR, "req-9"),
                Arguments.of("{\"severity\":\"WARNING\",\"timestamp\":\"2026-12-07T10:15:03Z\",\"message\":\"gcp\"}",
                        "2026-12-07T10:15:03Z", Level.WARNING, null),
                Arguments.of("{\"@timestamp\":\"2026-12-07T10:15:03.000Z\",\"log.level\":\"info\",\"trace.id\":\"t1\","
                        + "\"request_id\":\"r1\"}", "2026-12-07T10:15:03Z", Level.INFO, "t1"),
                Arguments.of("{\"time\":\"1796638503\",\"level\":40,\"nested\":{\"time\":\"x\",\"a\":[1,{\"b\":\"}\"}]},"
                        + "\"correlation_id\":\"c-1\"}", "2026-12-07T10:15:03Z", Level.WARNING, "c-1"),
                Arguments.of("{\"msg\":\"no level field but an error word\",\"ts\":1796638503123456789}",
                        "2026-12-07T10:15:03.123456789Z", Level.ERROR, null),
                // logfmt
                Arguments.of("time=2026-12-07T10:15:03Z level=error msg=\"payment failed\" request_id=r-1 trace_id=t-2",
                        "2026-12-07T10:15:03Z", Level.ERROR, "t-2"),
                Arguments.of("ts=2026-12-07T10:15:03.5Z caller=main.go:9 lvl=warn msg=\"retrying\"",
                        "2026-12-07T10:15:03.500Z", Level.WARNING, null),
                Arguments.of("level=info msg=\"listening\" time=\"2026-12-07T10:15:03Z\" x-request-id=abc",
                        "2026-12-07T10:15:03Z", Level.INFO, "abc"),
                Arguments.of("2026-12-07T10:15:03Z level=info msg=\"after a prefix\" correlation_id=c-9",
                        "2026-12-07T10:15:03Z", Level.INFO, "c-9"),
                // epoch seconds and milliseconds at the start
                Arguments.of("1796638503 ERROR epoch seconds", "2026-12-07T10:15:03Z", Level.ERROR, null),
                Arguments.of("1796638503.75 epoch seconds with a fraction", "2026-12-07T10:15:03.750Z", Level.INFO, null),
                Arguments.of("1796638503123 epoch milliseconds", "2026-12-07T10:15:03.123Z", Level.INFO, null),
                // times elsewhere in the head of the line
                Arguments.of("10.244.0.1 - - [07/Dec/2026:10:15:03 +0000] \"GET / HTTP/1.1\" 200 612", "2026-12-07T10:15:03Z",
                        Level.INFO, null),
                Arguments.of("[2026-12-07 10:15:03 +0000] [8] [ERROR] Worker timeout", "2026-12-07T10:15:03Z",
                        Level.ERROR, null),
                Arguments.of("1:M 07 Dec 2026 10:15:03.705 * Background saving started", "2026-12-07T10:15:03.705Z",
                        Level.INFO, null),
                Arguments.of("[2026-12-07 10:15:03.500][1][warning][upstream] reset", "2026-12-07T10:15:03.500Z",
                        Level.WARNING, null),
                // no time: kept by the caller, its level still read
                Arguments.of("panic: runtime error: invalid memory address", null, Level.ERROR, null),
                Arguments.of("\tat com.example.Cart.load(Cart.java:42)", null, Level.INFO, null),
                Arguments.of("java.lang.IllegalStateException: no cart", null, Level.ERROR, null),
                Arguments.of("Traceback (most recent call last):", null, Level.ERROR, null),
                Arguments.of("WARNING: the config file is deprecated", null, Level.WARNING, null),
                Arguments.of("12345 is not a time", null, Level.INFO, null),
                Arguments.of("request traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 done", null,
                        Level.INFO, "0af7651916cd43dd8448eb211c80319c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void readsTheTimeLevelAndCorrelationIdOfALine(String line, String time, Level level, String correlation) {
        LogLineParser p = new LogLineParser();

        long t = p.time(line, REFERENCE, false);
        p.details(line);

        assertThat(t == TimeScanner.NONE ? null : TimeScanner.toInstant(t)).isEqualTo(time == null ? null
                : Instant.parse(time));
        assertThat(p.level).isEqualTo(level);
        assertThat(p.correlationId).isEqualTo(correlation);
    }

    @Test
    void aKlogLineTakesTheYearOfTheContainersStartAndTheNextOneAfterNewYear() {
        LogLineParser p = new LogLineParser();
        long start = TimeScanner.instant("2026-12-31T23:00:00Z");

        assertThat(TimeScanner.toInstant(p.time("I1231 23:30:00.000000 1 a.go:1] before", start, true)))
                .isEqualTo(Instant.parse("2026-12-31T23:30:00Z"));
        assertThat(TimeScanner.toInstant(p.time("I0101 00:10:00.000000 1 a.go:1] after", start, true)))
                .isEqualTo(Instant.parse("2027-01-01T00:10:00Z"));
    }

    @Test
    void objectTimesAreStrictRfc3339() {
        assertThat(TimeScanner.instant("2026-12-07T10:15:03Z")).isEqualTo(TimeScanner.nanos(
                Instant.parse("2026-12-07T10:15:03Z")));
        assertThat(TimeScanner.instant("2026-12-07T10:15:03.755612Z")).isEqualTo(TimeScanner.nanos(
                Instant.parse("2026-12-07T10:15:03.755612Z")));
        assertThat(TimeScanner.instant("2026-02-30T10:15:03Z")).isEqualTo(TimeScanner.NONE);
        assertThat(TimeScanner.instant("2026-12-07T10:15:03Z trailing")).isEqualTo(TimeScanner.NONE);
        assertThat(TimeScanner.instant(null)).isEqualTo(TimeScanner.NONE);
        assertThat(TimeScanner.instant("")).isEqualTo(TimeScanner.NONE);
    }
}
