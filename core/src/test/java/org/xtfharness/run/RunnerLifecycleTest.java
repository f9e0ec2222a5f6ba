package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.report.Reporters;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;

/** A runner runs once, and nothing that goes wrong inside a run skips its end or is dropped. */
class RunnerLifecycleTest {

    private final PassingHost host = new PassingHost("test-pv64-hang");
    private final List<TestInstance> two =
            List.of(SampleResults.instance("one", Environment.PV64), SampleResults.instance("two", Environment.PV64));

    private Runner.Builder runner() {
        return Runner.builder().domains(host).console(host).parser(ResultParsers.xtf());
    }

    @Test
    void secondRunOfOneRunnerIsRefusedWithAClearMessage() {
        Runner r = runner().build();
        r.run(two);

        assertThatThrownBy(() -> r.run(two))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs once")
                .hasMessageContaining("build a new one");
    }

    @Test
    void throwingListenerStillLetsEveryOtherListenerHearTheEndAndTheRunEndsInARunnerError() {
        List<String> heard = new ArrayList<>();
        Runner r = runner().listener(new RunListener() {
                    @Override
                    public void instanceFinished(TestResult result) {
                        throw new IllegalStateException("the progress display broke");
                    }

                    @Override
                    public void runFinished(RunSummary summary) {
                        throw new InfrastructureException("cannot write JUnit report junit.xml: disk full");
                    }
                })
                .listener(new RunListener() {
                    @Override
                    public void runFinished(RunSummary summary) {
                        heard.add("finished with " + summary.results().size() + " results");
                    }
                })
                .build();

        assertThatThrownBy(() -> r.run(two))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("the progress display broke")
                .hasMessageContaining("cannot write JUnit report junit.xml: disk full")
                .hasMessageNotContaining("IllegalStateException");
        assertThat(heard).containsExactly("finished with 2 results");
    }

    @Test
    void failingWorkerNeverSkipsTheEndNorHangsTheAbortHookAndIsReported() throws Exception {
        List<String> heard = new ArrayList<>();
        ResultStore breaking = result -> {
            throw new AssertionError("a bug in the store");
        };
        Runner r = runner().store(breaking)
                .listener(new RunListener() {
                    @Override
                    public void runFinished(RunSummary summary) {
                        heard.add("finished");
                    }
                })
                .build();

        assertThatThrownBy(() -> r.run(two))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("a worker failed: a bug in the store");
        assertThat(heard).containsExactly("finished");
        assertThat(r.awaitFinished(Duration.ZERO))
                .as("an abort hook waiting on the run is released")
                .isTrue();
    }

    /** A final report that records the exit code it was staged for, and fails where told to. */
    private static final class RecordingReport implements FinalReport {
        final List<Integer> committed = new ArrayList<>();
        private final boolean failStage;
        private final boolean failCommit;

        RecordingReport(boolean failStage, boolean failCommit) {
            this.failStage = failStage;
            this.failCommit = failCommit;
        }

        @Override
        public Pending stage(RunSummary summary) {
            if (failStage) {
                throw new InfrastructureException("cannot write JUnit report junit.xml: disk full");
            }
            int code = summary.exitCode();
            return new Pending() {
                @Override
                public void commit() {
                    if (failCommit) {
                        throw new InfrastructureException("cannot write --junit /dev/stdout: broken pipe");
                    }
                    committed.add(code);
                }

                @Override
                public void discard() {}
            };
        }
    }

    private static String textSummary(Runner.Builder b, List<TestInstance> instances) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Runner r = b.listener(Reporters.textSummary(new PrintStream(out, true, StandardCharsets.UTF_8)))
                .build();
        assertThatThrownBy(() -> r.run(instances)).isInstanceOf(InfrastructureException.class);
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "the failing report fails at {0}")
    @ValueSource(strings = {"stage", "commit"})
    void aReportThatCannotBeWrittenMakesEveryReportAndTheSummarySayExitCode1(String when) {
        RecordingReport before = new RecordingReport(false, false);
        RecordingReport failing = new RecordingReport(when.equals("stage"), when.equals("commit"));
        RecordingReport after = new RecordingReport(false, false);

        String text = textSummary(runner().listener(before).listener(failing).listener(after), two);

        assertThat(text).contains("exit code 1").doesNotContain("exit code 0");
        assertThat(after.committed).containsExactly(1);
        if (when.equals("stage")) {
            assertThat(before.committed)
                    .as("staged again once the other failed")
                    .containsExactly(1);
        }
    }

    @Test
    void aWorkerOutOfMemoryMakesEveryReportSayExitCode1() {
        RecordingReport report = new RecordingReport(false, false);
        ResultStore dying = result -> {
            throw new OutOfMemoryError("Java heap space");
        };

        String text = textSummary(runner().store(dying).listener(report), two);

        assertThat(text).contains("exit code 1").contains("Java heap space").doesNotContain("exit code 0");
        assertThat(report.committed).containsExactly(1);
    }

    @Test
    void abortCarriesItsInterruptionAndExitCodeIntoTheSummary() throws Exception {
        List<Interruption> heard = new ArrayList<>();
        Runner r = runner().listener(new RunListener() {
                    @Override
                    public void runAborting(Interruption why) {
                        heard.add(why);
                    }
                })
                .build();
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(
                () -> r.run(List.of(SampleResults.instance("hang", Environment.PV64), two.get(0))));
        assertThat(host.hangStarted.await(30, TimeUnit.SECONDS)).isTrue();

        r.abort(Interruption.signal("TERM", 15));
        r.abort(Interruption.signal("INT", 2));
        RunSummary summary = run.get(30, TimeUnit.SECONDS);

        assertThat(summary.interruption()).contains(new Interruption("SIGTERM", 143));
        assertThat(summary.exitCode()).isEqualTo(143);
        assertThat(heard).containsExactly(new Interruption("SIGTERM", 143));
        assertThat(summary.notRun()).contains("test-pv64-hang");
        assertThat(host.domains()).isEmpty();
    }

    @Test
    void aResultThatCannotBeJournalledStopsTheRunWithARunnerErrorHoweverSoonItEnds() {
        ResultStore full = result -> {
            throw new InfrastructureException("cannot write journal run.jsonl (disk full?): no space left on device");
        };

        RunSummary summary = runner().store(full).build().run(two);

        assertThat(summary.interruption()).contains(Interruption.aborted("a result could not be journalled"));
        assertThat(summary.exitCode()).isEqualTo(RunSummary.RUNNER_ERROR_EXIT);
    }

    @Test
    void uninterruptedRunExitsWithTheWorstVerdict() {
        RunSummary summary = runner().build().run(two);

        assertThat(summary.interruption()).isEmpty();
        assertThat(summary.exitCode()).isEqualTo(Verdict.SUCCESS.exitCode());
    }
}
