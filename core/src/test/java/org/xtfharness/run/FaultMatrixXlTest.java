package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.host.Hosts;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;

/** Fault matrix, xl itself misbehaving: each cell's verdict and its three zeros (RELIABILITY.md). */
// Side by side: a hanging xl is mostly waiting out its 8 s timeouts (the hang of `list` about 50 s), and
// each test has its own fake host in its own directory and runs no run lock.
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixXlTest {

    @TempDir
    Path tmp;

    private FaultMatrix m;

    @BeforeEach
    void setUp() {
        // Short, so that each hanging xl is given up on quickly; long enough for a loaded machine.
        m = new FaultMatrix(tmp, Hosts.local(), Duration.ofSeconds(8));
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    @ParameterizedTest(name = "xl {0} hangs")
    @ValueSource(strings = {"create", "unpause", "list"})
    void hangingXlCommandIsAHarnessTimeoutAndLeavesNoDomain(String subcommand) {
        String ok = m.add("earlier", "print Test result: SUCCESS", "poweroff");
        String victim = m.add("victim", "print Test result: SUCCESS", "poweroff");
        RunSummary first = m.run(
                m.instances(Duration.ofSeconds(20)).stream()
                        .filter(i -> i.name().equals(ok))
                        .toList(),
                List.of());
        m.fake.hang(subcommand);

        RunSummary s = m.run(
                m.instances(Duration.ofSeconds(20)).stream()
                        .filter(i -> i.name().equals(victim))
                        .toList(),
                List.of());

        assertThat(first.results())
                .singleElement()
                .extracting(TestResult::verdict)
                .isEqualTo(Verdict.SUCCESS);
        TestResult r = m.result(victim);
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.HARNESS_TIMEOUT);
        assertThat(s.interrupted()).isFalse();
        m.assertThreeZeros();
    }

    @Test
    void failingCreateIsAnInfrastructureErrorWithXlsMessageAndTheHalfCreatedDomainIsDestroyed() {
        String victim = m.add("victim", "print Test result: SUCCESS", "poweroff");
        m.fake.fail("create", "libxl: error: libxl_create.c:1891:domcreate_rebuild_done: cannot (re-)build domain: -3");

        m.run(m.instances(Duration.ofSeconds(20)), List.of());

        TestResult r = m.result(victim);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(r.outcome().reason()).contains("cannot (re-)build domain");
        assertThat(m.creations(victim)).isEqualTo(1);
        m.assertThreeZeros();
    }

    @Test
    void destroyThatFailsOnceIsRetriedAndTheVerdictStands() {
        String crash = m.add("crashes", "print Test result: SUCCESS", "crash");
        String ok = m.add("passes", "print Test result: SUCCESS", "poweroff");
        m.fake.destroyFailOnce();

        m.run(m.instances(Duration.ofSeconds(20)), List.of());

        assertThat(m.result(crash).verdict()).isEqualTo(Verdict.CRASH);
        assertThat(m.result(ok).verdict()).isEqualTo(Verdict.SUCCESS);
        m.assertThreeZeros();
    }
}
