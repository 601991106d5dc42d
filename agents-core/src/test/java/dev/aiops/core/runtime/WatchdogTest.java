package dev.aiops.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void aValueOrAnExceptionCancelsTheAlarm() throws Exception {
        try (Watchdog watchdog = new Watchdog()) {
            assertThat(watchdog.run(n -> "done " + n, 1, AN_HOUR)).isEqualTo("done 1");
            assertThatThrownBy(() -> watchdog.run(n -> {
                throw new IOException("no route");
            }, 2, AN_HOUR)).isInstanceOf(IOException.class).hasMessage("no route");

            assertThat(watchdog.pendingAlarms()).isZero();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void anErrorCancelsTheAlarmTooSoItCannotInterruptLaterWork() {
        try (Watchdog watchdog = new Watchdog()) {
            assertThatThrownBy(() -> watchdog.run(n -> {
                throw new AssertionError("the attempt dies");
            }, 1, AN_HOUR)).isInstanceOf(AssertionError.class).hasMessage("the attempt dies");

            // an alarm left set would interrupt this thread an hour from now, in whatever it does then
            assertThat(watchdog.pendingAlarms()).isZero();
        }
    }
}
