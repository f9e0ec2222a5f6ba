package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.ManualTime;
import org.xtfharness.time.TimeSource;

class ProgressTest {

    private static final TimeSource CLOCK = new ManualTime(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void statusLineSaysWhatIsDoneRunningAndLeft() {
        String s = Progress.status(
                4,
                10,
                List.of("test-pv64-a", "test-hvm64-b"),
                Map.of(Verdict.SUCCESS, 2, Verdict.CRASH, 1, Verdict.SKIP, 1),
                Duration.ofSeconds(80));
        assertThat(s)
                .isEqualTo("[4/10] SUCCESS 2  SKIP 1  CRASH 1  1:20 elapsed, ~2:00 left | running 2: "
                        + "test-pv64-a, test-hvm64-b");
    }

    @Test
    void statusLineGuessesNoTimeLeftBeforeAnythingFinished() {
        assertThat(Progress.status(
                        0, 3, List.of(), Map.of(), Duration.ofHours(1).plusSeconds(5)))
                .isEqualTo("[0/3] 1:00:05 elapsed");
    }

    @Test
    void plainLinesCarryNoControlCharacterEvenWhenTheGuestPrintedSome() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = Progress.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), CLOCK);
        p.runStarted(SampleResults.plan(SampleResults.everyVerdict(), true));
        p.notice("test-pv64-x", "stale domain\rdestroyed\u001b[2J");
        p.instanceFinished(new TestResult(
                "test-pv64-x",
                Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "Fail: \u001b[31mred\u0007 " + SampleResults.NASTY),
                SampleResults.START,
                Duration.ofMillis(1500),
                1,
                SampleResults.evidence(List.of(), List.of())));
        p.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f))
                .as("control characters")
                .isEmpty();
        assertThat(out.lines().toList()).hasSize(2);
        assertThat(out)
                .contains("[1/9] test-pv64-x")
                .contains("FAILURE    1.5 s  Fail: \\x1b[31mred\\x07")
                .contains("hi\uFFFD lo\uFFFD");
    }

    @Test
    void withoutLiveProgressOrOnADumbTerminalTheLinesArePlain() {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Progress.forStandardError(err, false, Map.of("TERM", "xterm"), CLOCK)
                        .live())
                .isFalse();
        assertThat(Progress.forStandardError(err, true, Map.of("TERM", "dumb"), CLOCK)
                        .live())
                .isFalse();
    }

    @Test
    void standardErrorOfATestIsNoTerminalSoTheLinesArePlain() {
        // surefire pipes the forked JVM's standard error: the honest answer is "not a terminal"
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Progress p = Progress.forStandardError(err, true, Map.of("TERM", "xterm"), CLOCK)) {
            assertThat(p.live()).isFalse();
        }
    }
}
