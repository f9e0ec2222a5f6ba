package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.run.Interruption;
import org.xtfharness.testing.Fixtures;

/**
 * Standard output that cannot be written (its reader went away, its disk is full) is never taken
 * for success: {@code run} stops as on SIGTERM, exiting 141 with its journal kept; every other
 * command exits 1 saying so. A {@link PrintStream} alone swallows both errors.
 */
class StandardOutputLostTest {

    /** The simulated catalogue's --all selection. */
    private static final int ALL = 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = RunCommand.Format.class,
            names = {"osstest_events", "json_lines"})
    void aReaderThatStopsAfterTheFirstLineStopsAStreamingRun(RunCommand.Format format) throws Exception {
        Path journal = dir.resolve("run.jsonl");

        Captured c = withStandardOutput(
                new FailingAfter(1),
                () -> Main.execute(
                        "run", "--simulate", "--all", "--format", format.toString(), "--journal", journal.toString()));

        assertThat(c.exit()).as(c.err()).isEqualTo(Interruption.OUTPUT_LOST_EXIT);
        assertThat(c.err())
                .contains("standard output could not be written")
                .contains("the results so far are in " + journal)
                .contains("the run was stopped (exit 141)");
        assertThat(finishedIn(journal))
                .as("instances finished before the run stopped")
                .isLessThan(ALL);
    }

    @ParameterizedTest
    @EnumSource(
            value = RunCommand.Format.class,
            names = {"text", "tap"})
    void aRunWhoseReportNeverArrivedIsNoSuccess(RunCommand.Format format) throws Exception {
        // These formats print only once the run is over: there is nothing to notice before.
        Path journal = dir.resolve("run.jsonl");

        Captured c = withStandardOutput(
                new FailingAfter(0),
                () -> Main.execute(
                        "run", "--simulate", "--all", "--format", format.toString(), "--journal", journal.toString()));

        assertThat(c.exit()).as(c.err()).isEqualTo(1);
        assertThat(c.err())
                .contains("xtf-harness: infrastructure error: standard output could not be written")
                .contains("the results are in " + journal);
        assertThat(finishedIn(journal)).isEqualTo(ALL);
    }

    @Test
    void aPipeWhoseReaderLeavesAfterOneLineStopsTheRealProcess() throws Exception {
        Path journal = dir.resolve("piped.jsonl");
        Process p = cli("run", "--simulate", "--all", "--format", "osstest-events", "--journal", journal.toString())
                .redirectError(dir.resolve("err").toFile())
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        p.getInputStream().close(); // as `| head -1` exits: the CLI's next write gets EPIPE

        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(first).startsWith("xtf-harness-event 1 run-start ");
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(Interruption.OUTPUT_LOST_EXIT);
        assertThat(finishedIn(journal)).isLessThan(ALL);
        assertThat(Files.readString(dir.resolve("err"))).contains("the run was stopped (exit 141)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "baseline", "doctor", "completion"})
    void everyOtherCommandExitsNonZeroWhenNothingItPrintedArrived(String command) throws Exception {
        Path journal = journalOfASmallRun();
        List<String> args = switch (command) {
            case "list" -> List.of("list", "--simulate", "--all");
            case "show" -> List.of("show", "test-pv64-sim-success", "--journal", journal.toString());
            case "baseline" -> List.of("baseline", "--from", journal.toString());
            case "doctor" -> List.of("doctor", "--simulate", "--json");
            default -> List.of("completion");
        };

        Captured c = withStandardOutput(new FailingAfter(0), () -> Main.execute(args.toArray(String[]::new)));

        assertThat(c.exit()).as(c.err()).isNotZero();
        assertThat(c.err()).contains("xtf-harness: infrastructure error: standard output could not be written");
    }

    @Test
    void aBaselineToAFullDiskIsAnErrorNotAnEmptyFileAndExitZero() throws Exception {
        File full = new File("/dev/full");
        Fixtures.require(full.exists(), "this machine has no /dev/full");
        Path journal = journalOfASmallRun();

        Process p = cli("baseline", "--from", journal.toString())
                .redirectOutput(full)
                .redirectError(dir.resolve("err").toFile())
                .start();

        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("err")))
                .contains("standard output could not be written")
                .contains("the baseline is incomplete");
    }

    private Path journalOfASmallRun() {
        Path journal = dir.resolve("small.jsonl");
        if (!Files.exists(journal)) {
            Captured c = Captured.capture(
                    () -> Main.execute("run", "--simulate", "test-pv64-sim-success", "--journal", journal.toString()));
            assertThat(c.exit()).as(c.err()).isZero();
        }
        return journal;
    }

    /** Results in a journal: every line but its header. */
    private static long finishedIn(Path journal) throws IOException {
        try (var lines = Files.lines(journal)) {
            return lines.count() - 1;
        }
    }

    private static ProcessBuilder cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs the call with standard output going to {@code out} and standard error captured. */
    private static Captured withStandardOutput(OutputStream out, Captured.Call call) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = call.run();
            return new Captured(exit, "", err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A stream whose reader leaves after {@code lines} lines: every later write fails, as on EPIPE. */
    private static final class FailingAfter extends OutputStream {
        private int lines;

        FailingAfter(int lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (lines <= 0) {
                throw new IOException("Broken pipe");
            }
            if (b == '\n') {
                lines--;
            }
        }
    }
}
