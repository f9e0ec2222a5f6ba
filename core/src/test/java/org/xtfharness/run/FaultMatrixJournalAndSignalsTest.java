package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.journal.FullDiskJournals;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;

/**
 * Fault matrix, the runner's own side: the journal's disk fills up mid-run, and an abort (what
 * SIGTERM/SIGINT do through the CLI's shutdown hook) arrives while the reports are being written.
 * Abort mid-test is {@link RunnerAbortTest}; the signals through the real CLI process, with
 * {@code --resume}, are the CLI's RunCommandTest.
 */
class FaultMatrixJournalAndSignalsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void fullJournalDiskStopsTheRunKeepsWhatWasJournalledAndResumeRunsOnlyTheRest() {
        try (FaultMatrix m = new FaultMatrix(tmp)) {
            String a = m.add("a", "print Test result: SUCCESS", "poweroff");
            String b = m.add("b", "print Test result: SUCCESS", "poweroff");
            String c = m.add("c", "print Test result: SUCCESS", "poweroff");
            List<TestInstance> all = m.instances(TIMEOUT);

            RunSummary s;
            try (Journal full = FullDiskJournals.fullAfter(
                    m.journalFile, new Journal.Header("test", Instant.now(), "fake xl"), 1)) {
                s = m.runner(full::append, RunOptions.defaults()).run(all, List.of(), List.of());
            }

            assertThat(s.interrupted()).as("a run that cannot journal stops").isTrue();
            assertThat(Journal.read(m.journalFile).results())
                    .extracting(TestResult::instance)
                    .containsExactly(a);
            assertThat(Journal.read(m.journalFile).truncated())
                    .as("no partial line left")
                    .isEmpty();
            assertThat(s.notRun()).contains(c);
            // b finished but its line could not be written: reported with a notice, not durable, run again.
            m.disown(m.result(b));

            RunSummary resumed = m.run(all, Journal.read(m.journalFile).finalResults());

            assertThat(resumed.interrupted()).isFalse();
            assertThat(Journal.read(m.journalFile).results())
                    .extracting(TestResult::instance)
                    .containsExactly(a, b, c);
            assertThat(m.creations(a)).as("a is never re-run").isEqualTo(1);
            assertThat(m.creations(c)).isEqualTo(1);
            m.assertThreeZeros();
        }
    }

    @Test
    void abortWhileTheReportsAreWrittenLosesNothingAndLeavesNoDomain() throws Exception {
        try (FaultMatrix m = new FaultMatrix(tmp)) {
            String a = m.add("a", "print Test result: SUCCESS", "poweroff");
            String b = m.add("b", "print Test result: FAILURE", "poweroff");
            CountDownLatch reporting = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            RunListener slowReport = new RunListener() {
                @Override
                public void runFinished(RunSummary summary) {
                    reporting.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            AtomicReference<Runner> runner = new AtomicReference<>();
            AtomicReference<RunSummary> summary = new AtomicReference<>();
            Journal journal = Journal.create(m.journalFile, new Journal.Header("test", Instant.now(), "fake xl"));
            runner.set(m.runner(journal::append, RunOptions.defaults(), slowReport));
            Thread t = new Thread(() -> summary.set(runner.get().run(m.instances(TIMEOUT))));
            t.start();

            assertThat(reporting.await(60, TimeUnit.SECONDS))
                    .as("the run reached its reports")
                    .isTrue();
            runner.get().abort(); // the signal handler's call
            release.countDown();
            t.join(30_000);
            journal.close();

            assertThat(runner.get().awaitFinished(Duration.ofSeconds(5))).isTrue();
            assertThat(summary.get().results())
                    .extracting(TestResult::verdict)
                    .containsExactly(Verdict.SUCCESS, Verdict.FAILURE);
            assertThat(Journal.read(m.journalFile).results())
                    .extracting(TestResult::instance)
                    .containsExactly(a, b);
            m.assertThreeZeros();
        }
    }
}
