package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;

/** A timeout is a deadline the runner can compute: too large a one is refused up front, not an ERROR per test. */
class TimeoutBoundsTest {

    @Test
    void aTimeoutScaleNoHostNeedsIsRefused() {
        assertThatThrownBy(() -> RunOptions.builder().timeoutScale(1e300).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("to 1000");
        assertThatThrownBy(() -> RunOptions.builder()
                        .timeoutScale(Double.POSITIVE_INFINITY)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeoutScaleThatWouldTimeEveryGuestOutAtOnceIsRefusedWithTheRange() {
        assertThatThrownBy(() -> RunOptions.builder().timeoutScale(1e-300).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 0.01 to 1000");
        assertThat(RunOptions.builder()
                        .timeoutScale(RunOptions.MIN_TIMEOUT_SCALE)
                        .build()
                        .timeoutScale())
                .isEqualTo(0.01);
    }

    @Test
    void anInstanceTimeoutAboveAWeekIsRefused() {
        TestInstance i = SampleResults.instance("slow", Environment.PV64);

        assertThatThrownBy(() -> i.withTimeout(Duration.ofSeconds(10_000_000_000L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 7 days");
    }

    @Test
    void theLongestTimeoutAtTheLargestScaleIsStillADeadlineInNanoseconds() {
        Duration scaled = RunOptions.builder()
                .timeoutScale(RunOptions.MAX_TIMEOUT_SCALE)
                .build()
                .scaled(TestInstance.MAX_TIMEOUT);

        assertThat(scaled).isEqualTo(TestInstance.MAX_TIMEOUT.multipliedBy(1000));
        assertThat(Long.MAX_VALUE - System.nanoTime()).isGreaterThan(scaled.toNanos());
    }
}
