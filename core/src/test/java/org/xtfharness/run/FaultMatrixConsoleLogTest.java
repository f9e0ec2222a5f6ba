package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;

/**
 * Fault matrix, the guest log: xenconsoled not logging, the log truncated, replaced or reopened
 * between the runner's mark and its read, the log directory missing or full. Every cell first
 * runs the same name once (a FAILURE with its own nonce), so the appended log holds an earlier
 * run's bytes that must never be taken for this run's.
 */
class FaultMatrixConsoleLogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private FaultMatrix m;
    private String name;

    @BeforeEach
    void setUp() {
        m = new FaultMatrix(tmp);
        name = m.add("logged", "print Fail: the earlier run", "print Test result: FAILURE", "poweroff");
        m.run(m.instances(TIMEOUT), List.of());
        assertThat(m.result(name).verdict()).isEqualTo(Verdict.FAILURE);
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    @ParameterizedTest(name = "console {0}")
    @ValueSource(strings = {"reopen", "copytruncate", "rename"})
    void logRotatedOrReopenedMidRunStillGivesThisRunsVerdict(String action) {
        m.add(
                "logged",
                "print Test: before the " + action,
                "console " + action,
                "print after the " + action,
                "print Test result: SUCCESS",
                "poweroff");

        m.run(m.instances(TIMEOUT), List.of());

        TestResult r = m.result(name);
        assertThat(r.verdict()).as(r.outcome() + " " + r.evidence()).isEqualTo(Verdict.SUCCESS);
        assertThat(r.evidence().consoleExcerpt()).anyMatch(l -> l.contains("after the " + action));
        assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("earlier run"));
        m.assertThreeZeros();
    }

    @Test
    void xenconsoledNotLoggingGivesNoVerdictFromTheEarlierRunsBytes() {
        m.add("logged", "print Test result: SUCCESS", "poweroff");
        m.fake.consoleLogging(false, true);

        m.run(m.instances(TIMEOUT), List.of());

        TestResult r = m.result(name);
        // Nothing of this run reached the log: never SUCCESS, never the earlier FAILURE, and not the guest's
        // fault either: a clean poweroff with no byte captured is a failure of the capture.
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(r.outcome().reason()).contains("not one byte");
        assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("earlier run"));
        m.assertThreeZeros();
    }

    @Test
    void missingLogDirectoryIsAConfigurationErrorNamingIt() throws IOException {
        m.add("logged", "print Test result: SUCCESS", "poweroff");
        try (var files = Files.list(m.fake.logDir())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(m.fake.logDir());

        m.run(m.instances(TIMEOUT), List.of());

        TestResult r = m.result(name);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).as(r.outcome().toString()).isEqualTo(Cause.CONFIGURATION);
        assertThat(r.outcome().reason()).contains(m.fake.logDir().toString());
        m.assertThreeZeros();
    }

    @Test
    void fullLogFileSystemLosesTheResultLineAndIsNeverASuccess() throws IOException {
        m.add("logged", "print Test result: SUCCESS", "poweroff");
        // Room for the banner and a little more, not for the result line.
        m.fake.logCapacity(Files.size(m.fake.guestLog(name)) + 120);

        m.run(m.instances(TIMEOUT), List.of());

        TestResult r = m.result(name);
        assertThat(r.verdict())
                .as(r.outcome().toString())
                .isNotEqualTo(Verdict.SUCCESS)
                .isNotEqualTo(Verdict.FAILURE);
        assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("earlier run"));
        m.assertThreeZeros();
    }
}
