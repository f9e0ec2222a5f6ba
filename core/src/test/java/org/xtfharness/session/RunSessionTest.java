package org.xtfharness.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.LogLayout;
import org.xtfharness.doctor.DoctorOptions;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.doctor.Finding;
import org.xtfharness.doctor.Severity;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.journal.Journal;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.report.Reporters;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.PassingHost;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/** What a library user gets from a {@link RunSession}: the CLI's checks, locks and outputs. */
class RunSessionTest {

    @TempDir
    Path dir;

    private final PassingHost fake = new PassingHost();
    /** Every command the host was asked to run: the run lock is taken and released through them. */
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    private final CommandRunner answering = c -> {
        commands.add(String.join(" ", c.argv()));
        return new CommandResult(c, 0, new byte[0], "", false, Duration.ZERO);
    };
    private final XenHost host = new XenHost(answering, new LocalHostFiles());
    private final List<TestInstance> one = List.of(SampleResults.instance("one", Environment.PV64));

    private RunSession.Builder session() {
        return RunSession.builder(Runner.builder()
                        .domains(fake)
                        .console(fake)
                        .parser(ResultParsers.xtf())
                        .options(RunOptions.builder().host("fake").build()))
                .host(host)
                .signals(false)
                .journal(dir.resolve("run.jsonl"));
    }

    private static DoctorReport loggingOff() {
        return new DoctorReport(
                "fake",
                List.of(new Finding(
                        Severity.ERROR,
                        "GUEST_LOGGING_OFF",
                        "xenconsoled does not log guests",
                        "start xenconsoled with --log=guest")));
    }

    @Test
    void refusesToStartWhenTheDoctorSaysConsoleCaptureWillNotWorkAndTouchesNothing() {
        assertThatThrownBy(() -> session()
                        .doctorReport(loggingOff())
                        .refusalAdvice("Fix it or force it.")
                        .open())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("console capture will not work on fake")
                .hasMessageContaining("GUEST_LOGGING_OFF")
                .hasMessageContaining("start xenconsoled with --log=guest")
                .hasMessageContaining("Fix it or force it.");
        assertThat(commands).as("no run lock taken").isEmpty();
        assertThat(dir.resolve("run.jsonl")).as("no journal made").doesNotExist();
    }

    @Test
    void theDoctorChecksTheLogLayoutTheLibraryUserGives() {
        try (SimulatedHost sim = SimulatedHosts.create(SimulationOptions.defaults())) {
            RunSession.Builder xenServerLayout = RunSession.builder(Runner.builder()
                            .domains(fake)
                            .console(fake)
                            .parser(ResultParsers.xtf())
                            .options(RunOptions.builder().host("simulated").build()))
                    .host(sim.xenHost())
                    .signals(false)
                    .journal(dir.resolve("layout.jsonl"))
                    .doctorOptions(DoctorOptions.builder()
                            .logLayout(new LogLayout("/var/log/xen", "guest-%s.log"))
                            .build());
            // The simulated dom0's xenconsoled logs to /var/log/xen/console, not where this run would read.
            assertThatThrownBy(xenServerLayout::open)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("LOG_DIR_MISMATCH");
            assertThat(dir.resolve("layout.jsonl")).as("no journal made").doesNotExist();
        }
    }

    @Test
    void aToleratedOrForcedFindingLetsTheRunGoOnUnderTheRunLock() {
        try (RunSession s = session()
                .doctorReport(loggingOff())
                .tolerating(Set.of("GUEST_LOGGING_OFF"))
                .open()) {
            assertThat(commands).as("the run lock is taken").hasSize(1);
            assertThat(s.run(one, List.of()).results()).hasSize(1);
        }
        assertThat(commands).as("and released").hasSize(2);
        try (RunSession s = session()
                .journal(dir.resolve("forced.jsonl"))
                .doctorReport(loggingOff())
                .force(true)
                .open()) {
            assertThat(s.run(one, List.of()).results()).hasSize(1);
        }
    }

    @Test
    void twoOutputsOnOneFileAreRefusedBeforeTheLockOrTheJournal() {
        Path x = dir.resolve("x.xml");

        assertThatThrownBy(() -> session()
                        .force(true)
                        .report("JUnit report", x, (f, j) -> Reporters.junitXml(f))
                        .report("HTML report", x, (f, j) -> Reporters.html(f))
                        .open())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("JUnit report")
                .hasMessageContaining("HTML report")
                .hasMessageContaining("are one file");
        assertThat(commands).isEmpty();
        assertThat(dir.resolve("run.jsonl")).doesNotExist();
    }

    @Test
    void aReportThatCannotBeWrittenIsARunnerErrorAfterEveryOtherOutputIsWritten() {
        Path junit = dir.resolve("junit.xml");
        try (RunSession s = session()
                .force(true)
                .report("broken report", dir.resolve("broken"), (f, j) -> new RunListener() {
                    @Override
                    public void runFinished(RunSummary summary) {
                        throw new InfrastructureException("cannot write broken report: disk full");
                    }
                })
                .report("JUnit report", junit, (f, j) -> Reporters.junitXml(f))
                .open()) {

            assertThatThrownBy(() -> s.run(one, List.of()))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("cannot write broken report: disk full");
        }
        assertThat(junit).exists();
        assertThat(Journal.read(dir.resolve("run.jsonl")).results()).hasSize(1);
    }

    @Test
    void aJournalBeingResumedCannotBeResumedAgainAtTheSameTime() {
        try (RunSession first = session().force(true).open()) {
            first.run(one, List.of());
        }
        try (RunSession resumed =
                session().force(true).resume(dir.resolve("run.jsonl")).open()) {
            assertThatThrownBy(() -> session()
                            .force(true)
                            .resume(dir.resolve("run.jsonl"))
                            .open())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("run.jsonl")
                    .hasMessageContaining("in use by another run");
            RunSummary summary = resumed.run(one, List.of());
            assertThat(summary.results()).as("reported again, not re-run").hasSize(1);
        }
        assertThat(Journal.read(dir.resolve("run.jsonl")).results())
                .as("no duplicates")
                .hasSize(1);
        assertThat(commands.size()).as("every lock taken was released").isEven();
    }

    // Issue 23: a resumed run took a journalled attempt that would have been retried as final.
    @Test
    void aResumedRunGoesOnWithTheRetriesAnInterruptedRunHadLeft() {
        TestResult crashed = SampleResults.result(
                one.get(0).name(),
                Outcome.of(Verdict.CRASH, Cause.TIMED_OUT, "timed out after 2 s"),
                Evidence.none(List.of()));
        try (Journal j = Journal.create(dir.resolve("run.jsonl"), new Journal.Header("test", Instant.now(), "fake"))) {
            j.append(crashed);
        }
        try (RunSession resumed = RunSession.builder(Runner.builder()
                        .domains(fake)
                        .console(fake)
                        .parser(ResultParsers.xtf())
                        .retries(3)
                        .options(RunOptions.builder().host("fake").build()))
                .host(host)
                .signals(false)
                .force(true)
                .resume(dir.resolve("run.jsonl"))
                .open()) {
            assertThat(resumed.resumedFinal())
                    .as("a pending retry is not a final result")
                    .isEmpty();
            RunSummary summary = resumed.run(one, List.of());
            assertThat(summary.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.attempt()).isEqualTo(2))
                    .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.SUCCESS));
            Assessment a = summary.assessment(one.get(0).name()).orElseThrow();
            assertThat(a.flaky()).isTrue();
            assertThat(a.earlierAttempts()).extracting(TestResult::attempt).containsExactly(1);
        }
        assertThat(Journal.read(dir.resolve("run.jsonl")).results())
                .extracting(TestResult::attempt)
                .containsExactly(1, 2);
    }

    @Test
    void aResumedRunTakesTheLastAllowedAttemptAsFinal() {
        TestResult second = new TestResult(
                one.get(0).name(),
                Outcome.of(Verdict.CRASH, Cause.TIMED_OUT, "timed out after 2 s"),
                SampleResults.START,
                Duration.ofSeconds(2),
                2,
                Evidence.none(List.of()));
        try (Journal j = Journal.create(dir.resolve("run.jsonl"), new Journal.Header("test", Instant.now(), "fake"))) {
            j.append(second);
        }
        try (RunSession resumed = RunSession.builder(Runner.builder()
                        .domains(fake)
                        .console(fake)
                        .parser(ResultParsers.xtf())
                        .retries(1)
                        .options(RunOptions.builder().host("fake").build()))
                .host(host)
                .signals(false)
                .force(true)
                .resume(dir.resolve("run.jsonl"))
                .open()) {
            RunSummary summary = resumed.run(one, List.of());
            assertThat(summary.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.CRASH));
        }
    }

    @Test
    void aSessionRunsOnce() {
        try (RunSession s = session().force(true).open()) {
            s.run(one, List.of());
            assertThatThrownBy(() -> s.run(one, List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs once");
        }
    }
}
