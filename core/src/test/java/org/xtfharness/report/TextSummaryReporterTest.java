package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.SampleResults;

class TextSummaryReporterTest {

    private static List<String> print(RunSummary summary) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Reporters.textSummary(out).runFinished(summary);
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n", -1));
    }

    @Test
    void keepsXtfRunnersHeadingAndPaddedLines() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), false));

        assertThat(lines.get(0)).isEqualTo("Combined test results:");
        assertThat(lines.get(1)).isEqualTo("test-pv64-success                        SUCCESS");
    }

    @Test
    void givesEachNonSuccessItsReasonIndentedOnTheNextLine() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), false));

        int i = lines.indexOf("test-hvm64-error                         ERROR");
        assertThat(i).isPositive();
        assertThat(lines.get(i + 1)).isEqualTo("    Error: unexpected #GP");
        assertThat(lines)
                .contains(
                        "test-pv32pae-skip                        SKIP     [not run: host lacks support]",
                        "    host cannot run pv32pae: xen_caps lacks xen-3.0-x86_32p");
    }

    @Test
    void marksTimeoutsAndHarnessProblemsApartFromGuestFailures() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), false));

        assertThat(lines)
                .contains(
                        "test-hvm32-crash                         CRASH",
                        "test-hvm32pae-hang                       CRASH    [TIMEOUT]",
                        "test-hvm32pse-infra                      ERROR    [HARNESS INFRASTRUCTURE, not the guest]",
                        "test-pv64-config                         ERROR    [HARNESS CONFIGURATION, not the guest]",
                        "test-pv64-warned                         SUCCESS  [with warnings]");
    }

    @Test
    void printsTotalsPerVerdictAndTheExitCode() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), false));

        assertThat(lines)
                .contains(
                        "Totals: SUCCESS 2, SKIP 1, ERROR 3, FAILURE 1, CRASH 2 (9 results)",
                        "Of which: 2 harness problems (not the guest's fault), 1 timeouts, 1 unsupported by the host",
                        "Worst result: CRASH, exit code 6");
    }

    @Test
    void aSimulatedHostIsNotASpecialCaseTheFirstLineIsXtfRunnersAsForAnyHost() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), true));

        assertThat(lines.get(0)).isEqualTo("Combined test results:");
    }

    @Test
    void showsControlCharactersOfAReasonInsteadOfSendingThemToTheTerminal() {
        List<String> lines = print(SampleResults.summary(SampleResults.everyVerdict(), false));

        String reason = lines.get(lines.indexOf("test-hvm64-failure                       FAILURE") + 1);
        assertThat(reason)
                .startsWith("    Fail: bell\\x07 nul\\x00 esc\\x1b[0m")
                .contains("hi\uFFFD lo\uFFFD");
    }

    @Test
    void interruptedRunListsWhatDidNotRunAndExitsOne() {
        RunSummary s = new RunSummary(
                SampleResults.plan(SampleResults.everyVerdict(), false),
                SampleResults.everyVerdict().subList(0, 1),
                List.of("test-pv64-warned"),
                Duration.ofSeconds(1),
                true);

        List<String> lines = print(s);

        assertThat(lines)
                .contains(
                        "test-pv64-warned                         NOT-RUN  [run interrupted]",
                        "Run INTERRUPTED (aborted): exit code 1");
    }
}
