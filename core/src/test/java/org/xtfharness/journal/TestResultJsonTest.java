package org.xtfharness.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class TestResultJsonTest {

    @Test
    void roundTripsEveryFieldOfEveryVerdict() {
        for (TestResult r : SampleResults.everyVerdict()) {
            assertThat(TestResultJson.fromLine(TestResultJson.toLine(r))).isEqualTo(r);
        }
    }

    @Test
    void roundTripsNanosecondInstantsOddDurationsAndEmptyOptionals() {
        TestResult r = new TestResult(
                "test-pv64-x~hap",
                new Outcome(Verdict.SUCCESS, Cause.GUEST_REPORTED, "", List.of(), true),
                Instant.parse("1999-12-31T23:59:59.999999999Z"),
                Duration.ofSeconds(3, 7),
                3,
                new Evidence(
                        List.of(""),
                        "",
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(""),
                        Optional.empty(),
                        List.of()));

        assertThat(TestResultJson.fromLine(TestResultJson.toLine(r))).isEqualTo(r);
    }

    @Test
    void roundTripsEveryConsoleLocation() {
        for (ConsoleCapture.Location l : ConsoleCapture.Location.values()) {
            Evidence e = new Evidence(
                    List.of(), "o", Optional.of(l), 1, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
            TestResult r = SampleResults.result("test-pv64-x", Outcome.of(Verdict.SKIP, Cause.NO_RESULT, "r"), e);
            assertThat(TestResultJson.fromLine(TestResultJson.toLine(r))).isEqualTo(r);
        }
    }

    @Test
    void writesOneAsciiLineWhateverTheConsoleHeld() {
        TestResult nasty = SampleResults.everyVerdict().get(4);

        String line = TestResultJson.toLine(nasty);

        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void namesAMissingField() {
        String line = TestResultJson.toLine(SampleResults.everyVerdict().get(0)).replace("\"attempt\":1,", "");

        assertThatThrownBy(() -> TestResultJson.fromLine(line))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("missing \"attempt\"");
    }

    @Test
    void namesAnUnknownVerdict() {
        String line = TestResultJson.toLine(SampleResults.everyVerdict().get(0)).replace("\"SUCCESS\"", "\"GREAT\"");

        assertThatThrownBy(() -> TestResultJson.fromLine(line)).hasMessageContaining("unknown verdict \"GREAT\"");
    }

    @Test
    void refusesAResultTheRecordsWouldRefuse() {
        String line =
                TestResultJson.toLine(SampleResults.everyVerdict().get(0)).replace("\"attempt\":1", "\"attempt\":0");

        assertThatThrownBy(() -> TestResultJson.fromLine(line))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("attempt");
    }
}
