package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl.LiveConsoleFault;

/**
 * Fault matrix, the live console client: it dies before it notifies, or after. Each time the same
 * name has run once before (a FAILURE with its own nonce), so a verdict from the earlier run's
 * bytes would show; the instance must be an infrastructure ERROR naming the client's trouble.
 */
class FaultMatrixLiveConsoleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private TestResult faultyRun(FaultMatrix m, LiveConsoleFault fault) {
        String name = m.add("live", "print Fail: earlier run", "print Test result: FAILURE", "poweroff");
        m.run(m.instances(TIMEOUT), List.of());
        assertThat(m.result(name).verdict()).isEqualTo(Verdict.FAILURE);

        m.add("live", "print Test result: SUCCESS", "poweroff");
        m.fake.liveConsole(fault);
        m.run(m.instances(TIMEOUT), List.of());
        TestResult r = m.result(name);
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("earlier run"));
        return r;
    }

    @Test
    void consoleClientThatDiesBeforeNotifyingIsAnErrorAndTheDomainIsNeverUnpaused() {
        try (FaultMatrix m = new FaultMatrix(tmp).useLiveConsole()) {
            TestResult r = faultyRun(m, LiveConsoleFault.dieBeforeNotify());
            assertThat(r.outcome().reason())
                    .contains("Could not read tty from store")
                    .contains("never unpaused");
            m.assertThreeZeros();
        }
    }

    @Test
    void consoleClientThatDiesAfterNotifyingIsAnError() {
        try (FaultMatrix m = new FaultMatrix(tmp).useLiveConsole()) {
            TestResult r = faultyRun(m, LiveConsoleFault.notifyThenDie());
            assertThat(r.outcome().reason()).contains("died during the run");
            m.assertThreeZeros();
        }
    }
}
