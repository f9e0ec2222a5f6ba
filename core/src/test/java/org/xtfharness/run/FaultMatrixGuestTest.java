package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;

/**
 * Fault matrix, the guest misbehaving: crash, triple fault, hang, flood, garbage. Each runs twice
 * under the same name, the first time reporting FAILURE with another nonce, two jobs at once.
 * (The full verdict table is {@link RunnerThroughFakeXlContract}; this adds the three figures.)
 */
class FaultMatrixGuestTest {

    @TempDir
    Path tmp;

    @Test
    void everyGuestFaultGetsItsVerdictFromItsOwnRunOnly() {
        try (FaultMatrix m = new FaultMatrix(tmp)) {
            String[] tests = {"crash", "triple-fault", "hang", "flood", "garbage"};
            for (String t : tests) {
                m.add(
                        t,
                        t.equals("triple-fault") ? Environment.HVM64 : Environment.PV64,
                        "print Fail: earlier run of " + t,
                        "print Test result: FAILURE",
                        "poweroff");
            }
            m.run(
                    m.instances(Duration.ofSeconds(20)),
                    List.of(),
                    RunOptions.builder().jobs(2).build());

            m.add("crash", "print Test result: SUCCESS", "crash");
            m.add("triple-fault", Environment.HVM64, "print Loading a null IDT", "reboot");
            m.add("hang", "print Spinning", "hang");
            m.add("flood", "flood 1000000", "print Test result: SUCCESS", "poweroff");
            m.add(
                    "garbage",
                    "raw 00 00 ff fe 67 61 72 62 c3 28 e2 82 0d 0a",
                    "raw 1b 5b 33 31 6d 0d 0d 0a",
                    "print Test result: SUCCESS",
                    "raw 00 f0 28 8c bc ed a0 80",
                    "poweroff");
            m.run(
                    m.instances(Duration.ofSeconds(3)).stream()
                            .map(i -> i.name().contains("hang") ? i : i.withTimeout(Duration.ofSeconds(30)))
                            .toList(),
                    List.of(),
                    RunOptions.builder().jobs(2).build());

            Map<String, Verdict> expected = Map.of(
                    "test-pv64-crash",
                    Verdict.CRASH,
                    "test-hvm64-triple-fault",
                    Verdict.CRASH,
                    "test-pv64-hang",
                    Verdict.CRASH,
                    "test-pv64-flood",
                    Verdict.SUCCESS,
                    "test-pv64-garbage",
                    Verdict.SUCCESS);
            expected.forEach((name, v) -> {
                TestResult r = m.result(name);
                assertThat(r.verdict()).as("%s: %s", name, r.outcome()).isEqualTo(v);
                assertThat(r.evidence().consoleExcerpt()).as(name).noneMatch(l -> l.contains("earlier run"));
            });
            assertThat(m.result("test-pv64-hang").outcome().cause()).isEqualTo(Cause.TIMED_OUT);
            assertThat(m.result("test-hvm64-triple-fault").outcome().cause()).isEqualTo(Cause.DOMAIN_REBOOTED);
            m.assertThreeZeros();
        }
    }
}
