package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.Fixtures;

class TapReporterTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path tmp;

    private static TestResult result(String instance, Outcome outcome) {
        Evidence evidence = new Evidence(
                List.of(
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "Test result: " + outcome.verdict()),
                "/var/log/xen/console/guest-" + instance + ".log",
                Optional.empty(),
                120,
                Optional.of("---sc-"),
                Optional.empty(),
                Optional.empty(),
                List.of());
        return new TestResult(instance, outcome, T0, Duration.ofMillis(700), 1, evidence);
    }

    private static RunSummary summary(List<TestResult> results, List<String> notRun, boolean interrupted) {
        RunPlan plan = new RunPlan(List.of(), "ssh://root@host", "xenconsoled log", 1, T0);
        return new RunSummary(plan, results, notRun, Duration.ofSeconds(3), interrupted);
    }

    private static List<TestResult> everyVerdict() {
        return List.of(
                result(
                        "test-pv64-example",
                        Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "guest reported SUCCESS")),
                result(
                        "test-pv64-xsa-186",
                        Outcome.of(Verdict.SKIP, Cause.GUEST_REPORTED, "Not vulnerable # really \\ ok")),
                result(
                        "test-hvm64-lbr-tsx-vmentry",
                        Outcome.of(Verdict.ERROR, Cause.INFRASTRUCTURE, "xl create failed: \"boom\"")),
                result(
                        "test-hvm32-fpu~exn",
                        new Outcome(
                                Verdict.FAILURE,
                                Cause.GUEST_REPORTED,
                                "Fail: bad value",
                                List.of("Fail: bad value", "tab\there \u0001 and ... and ---"),
                                false)),
                result(
                        "test-pv32pae-selftest",
                        Outcome.of(Verdict.CRASH, Cause.DOMAIN_CRASHED, "domain crashed after printing 'SUCCESS'")));
    }

    private String tap(RunSummary s, int version) {
        StringWriter w = new StringWriter();
        TapReporter.to(w, version).runFinished(s);
        return w.toString();
    }

    @Test
    void writesOneTestPointPerInstanceWithSkipDirectiveAndDiagnostics() {
        String out = tap(summary(everyVerdict(), List.of(), false), TapReporter.TAP14);

        assertThat(out).startsWith("TAP version 14\n1..5\n");
        assertThat(out).contains("ok 1 - test-pv64-example\n");
        assertThat(out).contains("ok 2 - test-pv64-xsa-186 # SKIP Not vulnerable \\# really \\\\ ok\n");
        assertThat(out)
                .contains(
                        "not ok 3 - test-hvm64-lbr-tsx-vmentry\n  ---\n  verdict: \"ERROR\"\n"
                                + "  cause: \"INFRASTRUCTURE\"\n  harness_problem: true\n  reason: \"xl create failed: \\\"boom\\\"\"\n");
        assertThat(out).contains("not ok 4 - test-hvm32-fpu~exn\n");
        assertThat(out).contains("  details: \"Fail: bad value\\ntab\\there \\\\x01 and ... and ---\"\n");
        assertThat(out).contains("not ok 5 - test-pv32pae-selftest\n");
        assertThat(out)
                .contains("  console_tail: \"--- Xen Test Framework ---\\nEnvironment: PV 64bit (Long mode 4 levels)\\n"
                        + "Test result: CRASH\"\n");
        assertThat(out).endsWith("  ...\n");
    }

    @Test
    void marksInstancesAnInterruptedRunNeverFinishedAsNotOk() {
        String out = tap(summary(everyVerdict().subList(0, 1), List.of("test-pv64-later"), true), TapReporter.TAP14);

        assertThat(out)
                .contains("1..2\n")
                .contains("ok 1 - test-pv64-example\n")
                .contains("not ok 2 - test-pv64-later\n");
    }

    @Test
    void keepsOnlyTheConsolesLastLines() {
        List<String> console = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            console.add("line " + i);
        }
        Evidence evidence = new Evidence(
                console,
                "origin",
                Optional.empty(),
                500,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        TestResult r = new TestResult(
                "test-pv64-example",
                Outcome.of(Verdict.CRASH, Cause.TIMED_OUT, "timed out"),
                T0,
                Duration.ofSeconds(30),
                1,
                evidence);

        String out = tap(summary(List.of(r), List.of(), false), TapReporter.TAP14);

        assertThat(out)
                .contains("  console_tail: \"line 30\\nline 31\\n")
                .contains("line 48\\nline 49\"\n")
                .doesNotContain("line 29");
    }

    @Test
    void differsBetweenTap13AndTap14OnlyInTheVersionLine() {
        RunSummary s = summary(everyVerdict(), List.of(), false);

        assertThat(tap(s, TapReporter.TAP13).replaceFirst("TAP version 13", "TAP version 14"))
                .isEqualTo(tap(s, TapReporter.TAP14));
    }

    @Test
    void proveCountsEveryNonPassingVerdictAsAFailure() throws Exception {
        ProveRun run = prove(tap(summary(everyVerdict(), List.of(), false), TapReporter.TAP13));

        assertThat(run.output)
                .contains("Failed 3/5 subtests")
                .contains("(less 1 skipped subtest: 1 okay)")
                .contains("Failed tests:  3-5")
                .doesNotContain("Parse errors");
        assertThat(run.exit).isNotZero();
    }

    @Test
    void proveAcceptsARunOfPassesAndSkipsAsAPass() throws Exception {
        ProveRun run = prove(tap(summary(everyVerdict().subList(0, 2), List.of(), false), TapReporter.TAP13));

        assertThat(run.output)
                .contains("All tests successful.")
                .contains("Result: PASS")
                .doesNotContain("Parse errors");
        assertThat(run.exit).isZero();
    }

    private record ProveRun(int exit, String output) {}

    private ProveRun prove(String tap) throws IOException, InterruptedException {
        Fixtures.require(Fixtures.onPath("prove"), "Perl's prove (TAP::Harness) is not installed on this machine");
        Path file = tmp.resolve("run.tap");
        Files.writeString(file, tap, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("prove", "-v", "-e", "cat", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("prove finished").isTrue();
        return new ProveRun(p.exitValue(), output);
    }
}
