package dev.aiops.domain.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesTest {

    private static final double MI = 1024 * 1024;

    @Test
    void cpuRoundsUpToFiveMillicoresBelowOneCoreAndFiftyAbove() {
        assertThat(Sizes.cpu(Sizes.roundCpu(0.1231))).isEqualTo("125m");
        assertThat(Sizes.cpu(Sizes.roundCpu(0.125))).isEqualTo("125m");
        assertThat(Sizes.cpu(Sizes.roundCpu(1.01))).isEqualTo("1050m");
        assertThat(Sizes.cpu(Sizes.roundCpu(1.999))).isEqualTo("2");
        assertThat(Sizes.cpu(Double.NaN)).isNull();
    }

    @Test
    void memoryRoundsUpToFourMiBelowOneGiAndSixtyFourAbove() {
        assertThat(Sizes.memory(Sizes.roundMemory(100.2 * MI))).isEqualTo("104Mi");
        assertThat(Sizes.memory(Sizes.roundMemory(1000 * MI))).isEqualTo("1000Mi");
        assertThat(Sizes.memory(Sizes.roundMemory(1025 * MI))).isEqualTo("1088Mi");
        assertThat(Sizes.memory(Sizes.roundMemory(2047 * MI))).isEqualTo("2Gi");
        assertThat(Sizes.memory(1536)).isEqualTo("1536");
        assertThat(Sizes.memory(2048)).isEqualTo("2Ki");
    }

    @Test
    void rateWindowHoldsTwoSamplesWithJitterAndCoversTheStep() {
        // downsampled 5-minute series: 2.5 intervals
        assertThat(ScalingAdvisor.rateWindow(Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofSeconds(750));
        // raw 15 s scrapes read at a 2-minute step: the step plus half an interval
        assertThat(ScalingAdvisor.rateWindow(Duration.ofMinutes(2), Duration.ofSeconds(15)))
                .isEqualTo(Duration.ofSeconds(128));
    }

    @Test
    void stepIsTheSampleIntervalUnlessTheWindowNeedsTooManyPoints() {
        ScalingAdvisor a = new ScalingAdvisor(null, AdvisorSettings.DEFAULT, java.time.Clock.systemUTC());
        assertThat(a.step(Duration.ofDays(14), Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        // 14 days of 15 s scrapes would be 80,640 points: at most 11,000
        Duration step = a.step(Duration.ofDays(14), Duration.ofSeconds(15));
        assertThat(Duration.ofDays(14).toSeconds() / step.toSeconds()).isLessThan(11_000);
        assertThat(step).isEqualTo(Duration.ofSeconds(110));
    }
}
