package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedCatalogue;

/** The drop-in's output for results made by hand: the edges the fake host does not reach. */
class XtfRunnerReporterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aNameLongerThanFortyIsNotCutAndKeepsOneSpaceBeforeItsWord() {
        String name = "test-hvm32pae-a-test-with-a-long-name~shadow";
        List<TestResult> results = List.of(result(name, Verdict.FAILURE, Cause.GUEST_REPORTED));
        XtfRunnerReporter r = finish(1, XtfRunnerReporter.Mode.CONSOLE, results, false);
        assertThat(stdout()).isEqualTo("Combined test results:\n" + name + " FAILURE\n");
        assertThat(r.exitCode()).isEqualTo(5);
    }

    @Test
    void aDomainDestroyedUnderTheRunIsCrashAsXtfRunnerWouldSeeIt() {
        List<TestResult> results = List.of(result("test-pv64-gone", Verdict.ERROR, Cause.VANISHED));
        XtfRunnerReporter r = finish(1, XtfRunnerReporter.Mode.CONSOLE, results, false);
        assertThat(stdout()).endsWith(String.format("%-40s %s%n", "test-pv64-gone", "CRASH"));
        assertThat(r.exitCode()).isEqualTo(6);
    }

    @Test
    void aFailureOfTheMachineryLeavesNoBlockAndIsKeptForTheError() {
        List<TestResult> results = List.of(
                result("test-pv64-ok", Verdict.SUCCESS, Cause.GUEST_REPORTED),
                result("test-pv64-broken", Verdict.ERROR, Cause.INFRASTRUCTURE));
        XtfRunnerReporter r = finish(1, XtfRunnerReporter.Mode.CONSOLE, results, true);
        assertThat(stdout()).isEmpty();
        assertThat(r.runnerError()).map(TestResult::instance).hasValue("test-pv64-broken");
    }

    @Test
    void logfileEchoStopsAtTheResultLineAndRightStripsEachLine() {
        TestResult done = withConsole(
                result("test-pv64-sim-success", Verdict.SUCCESS, Cause.GUEST_REPORTED),
                List.of("--- Xen Test Framework ---  ", "Test result: SUCCESS", "printed after the result"));
        finish(0, XtfRunnerReporter.Mode.LOGFILE, List.of(done), false);
        assertThat(stdout())
                .startsWith("Using logfile '/logs/guest-test-pv64-sim-success.log'\n"
                        + "--- Xen Test Framework ---\nTest result: SUCCESS\n\nCombined test results:\n");
    }

    @Test
    void consoleEchoOfAGuestThatPrintedNothingIsNothing() {
        finish(
                0,
                XtfRunnerReporter.Mode.CONSOLE,
                List.of(result("test-pv64-mute", Verdict.CRASH, Cause.NO_RESULT)),
                false);
        assertThat(stdout())
                .isEqualTo("Combined test results:\n" + String.format("%-40s %s%n", "test-pv64-mute", "CRASH"));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("xtf-harness: test-pv64-mute CRASH: ");
    }

    private XtfRunnerReporter finish(
            int quiet, XtfRunnerReporter.Mode mode, List<TestResult> results, boolean interrupted) {
        List<String> order = new ArrayList<>();
        results.forEach(t -> order.add(t.instance()));
        XtfRunnerReporter r = new XtfRunnerReporter(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                quiet,
                mode,
                order,
                Set.of(),
                name -> XtfRunnerCommand.pythonJoin("/logs", "guest-" + name + ".log"));
        for (TestResult t : results) {
            if (mode == XtfRunnerReporter.Mode.LOGFILE) {
                r.instanceStarted(
                        SimulatedCatalogue.standard()
                                .catalogue()
                                .find(t.instance())
                                .orElseThrow(),
                        1);
            }
            r.instanceFinished(t);
        }
        r.runFinished(new RunSummary(
                new RunPlan(List.of(), "local", "test", 1, T0), results, List.of(), Duration.ZERO, interrupted));
        return r;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static TestResult result(String name, Verdict v, Cause c) {
        return new TestResult(name, Outcome.of(v, c, "made by hand"), T0, Duration.ZERO, 1, Evidence.none(List.of()));
    }

    private static TestResult withConsole(TestResult r, List<String> lines) {
        return new TestResult(
                r.instance(),
                r.outcome(),
                r.started(),
                r.duration(),
                r.attempt(),
                new Evidence(
                        lines,
                        "test",
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()));
    }
}
