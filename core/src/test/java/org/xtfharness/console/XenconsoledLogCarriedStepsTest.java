package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.console.ConsoleCapture.Location;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.HostStep;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;

/**
 * The xenconsoled log's mark and settled read as steps a domain controller carries, run here by a
 * real {@code sh} on this machine's files as a carrier runs them on a host: the common path needs
 * no file operation of the session's own, and anything else (a log replaced, truncated, a missing
 * directory, unreadable output) is found by the session itself, with the same result as uncarried.
 */
class XenconsoledLogCarriedStepsTest {

    private static final String NAME = "test-pv64-example";
    private static final DomainId ID = new DomainId(7);

    @TempDir
    Path dir;

    private Path log;
    private final CommandRunner sh = CommandRunners.local();
    private final AtomicInteger fileOps = new AtomicInteger();

    @BeforeEach
    void setUp() {
        assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
                "file identity needs the 'unix' attribute view (Linux, the platform dom0 runs)");
        log = dir.resolve("guest-" + NAME + ".log");
    }

    private ConsoleSource source(Duration quiet, Duration max) {
        return ConsoleSources.xenconsoledLog(
                new CountingFiles(new LocalHostFiles(), fileOps),
                new LogLayout(dir.toString(), "guest-%s.log"),
                LogCaptureOptions.builder().settle(quiet, max).build());
    }

    private ConsoleSource source() {
        return source(Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    /** What a carrier does: runs the step's words (and its own, if any) and hands over its output if it exited 0. */
    private CommandResult carry(Optional<HostStep> step, String... carriersArguments) {
        assertThat(step).as("a step to carry").isPresent();
        assertThat(step.get().target()).isEqualTo("local");
        // Run as the agent runs a carried request: its words, then the carrier's extra arguments.
        List<String> argv = new ArrayList<>(AgentScript.argv(step.get().request()));
        argv.addAll(List.of(carriersArguments));
        CommandResult r = sh.run(new Command(argv, Duration.ofSeconds(20)));
        assertThat(r.exitCode())
                .as("exit status of %s, stderr %s", step.get().request(), r.stderr())
                .isZero();
        step.get().accept(r.stdout());
        return r;
    }

    private static void append(Path p, String s) {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String title, String result) {
        return "--- Xen Test Framework ---\r\n" + title + "\r\nTest result: " + result + "\r\n";
    }

    @Test
    void carriedMarkAndReadFindThisRunWithoutAFileOperationOfTheSessionsOwn() {
        append(log, run("Run one", "FAILURE"));
        ConsoleSession s = source().openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        append(log, run("Run two", "SUCCESS"));
        carry(s.atEnd());

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.FROM_MARK);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Run two", "Test result: SUCCESS");
        assertThat(c.notes()).isEmpty();
        assertThat(fileOps.get()).as("file operations of the session's own").isZero();
    }

    @Test
    void aLogAbsentAtTheMarkIsReadWholeFromTheCarriedOutput() {
        ConsoleSession s = source().openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        append(log, run("Only run", "SKIP"));
        carry(s.atEnd());

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.NEW_FILE);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Only run", "Test result: SKIP");
        assertThat(fileOps.get()).isZero();
    }

    @Test
    void aLogReplacedAfterTheMarkIsLookedForByTheSessionItself() throws IOException {
        append(log, run("Run one", "FAILURE"));
        ConsoleSession s = source().openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        append(log, "--- Xen Test Framework ---\r\nRun two\r\n");
        Files.move(log, dir.resolve("guest-" + NAME + ".log.1"));
        append(log, "Test result: SUCCESS\r\n");
        carry(s.atEnd());

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Run two", "Test result: SUCCESS");
        assertThat(fileOps.get()).as("the directory was searched").isPositive();
    }

    @Test
    void aLogTruncatedAfterTheMarkIsReadWholeAsWithoutCarrying() throws IOException {
        append(log, run("Run one with a long reason that makes the old log longer", "FAILURE"));
        ConsoleSession s = source().openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        Files.write(log, new byte[0]);
        append(log, run("Run two", "SUCCESS"));
        carry(s.atEnd());

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_TRUNCATION);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Run two", "Test result: SUCCESS");
    }

    @Test
    void aMissingLogDirectoryIsNamedByAttachAndNothingIsMarked() throws IOException {
        Files.delete(dir);
        ConsoleSession s = source().openDeferringMark(NAME);
        carry(s.whilePaused());

        assertThatThrownBy(() -> s.attach(ID, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("--log=guest");
    }

    @Test
    void unreadableCarriedOutputIsIgnoredAndTheSessionReadsForItself() {
        append(log, run("Run one", "FAILURE"));
        ConsoleSession s = source().openDeferringMark(NAME);
        s.whilePaused().orElseThrow().accept("present 1 2 x 81a4\nnot a fingerprint".getBytes(StandardCharsets.UTF_8));
        s.attach(ID, Duration.ofSeconds(1));
        append(log, run("Run two", "SUCCESS"));
        s.atEnd().orElseThrow().accept("log 1 2 3\n".getBytes(StandardCharsets.UTF_8));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.FROM_MARK);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Run two", "Test result: SUCCESS");
        assertThat(fileOps.get())
                .as("the mark and the read taken by the session")
                .isPositive();
    }

    @Test
    void stepsNotCarriedLeaveTheSessionAsOpenedWithItsMarkTakenInAttach() {
        append(log, run("Run one", "FAILURE"));
        ConsoleSession s = source().openDeferringMark(NAME);
        s.attach(ID, Duration.ofSeconds(1));
        assertThat(s.whilePaused()).as("nothing left to carry once marked").isEmpty();
        append(log, run("Run two", "SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "Run two", "Test result: SUCCESS");
    }

    @Test
    void filesNoRunnerReachesOfferNoStep() {
        HostFiles inProcess = new CountingFiles(new LocalHostFiles(), fileOps) {
            @Override
            public Optional<String> commandTarget() {
                return Optional.empty();
            }
        };
        ConsoleSession s = ConsoleSources.xenconsoledLog(inProcess, new LogLayout(dir.toString(), "guest-%s.log"))
                .openDeferringMark(NAME);

        assertThat(s.whilePaused()).isEmpty();
        s.attach(ID, Duration.ofSeconds(1));
        assertThat(s.atEnd()).isEmpty();
    }

    @Test
    void aLogStillBeingWrittenAtTheSettleLimitIsNotedAsUnsettled() throws Exception {
        ConsoleSession s =
                source(Duration.ofMillis(300), Duration.ofMillis(400)).openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        append(log, "--- Xen Test Framework ---\r\n");
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                append(log, "flood " + i + "\r\n");
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        try {
            carry(s.atEnd());
        } finally {
            writer.interrupt();
            writer.join();
        }

        ConsoleCapture c = s.collect();

        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("still being written"));
        assertThat(c.lines()).first().isEqualTo("--- Xen Test Framework ---");
    }

    /**
     * With no time to settle at all (a quiet period longer than the limit), only output known complete
     * counts as settled: a clean poweroff whose log ends, after the mark, with a whole XTF result line.
     */
    private List<String> notesAfterAnEnd(String state, String before, String during) {
        append(log, before);
        ConsoleSession s = source(Duration.ofSeconds(10), Duration.ZERO).openDeferringMark(NAME);
        carry(s.whilePaused());
        s.attach(ID, Duration.ofSeconds(1));
        append(log, during);
        carry(s.atEnd(), state);
        return s.collect().notes();
    }

    @Test
    void aCleanPoweroffAfterAWholeResultLineNeedsNoQuietPeriod() {
        assertThat(notesAfterAnEnd("---s--", "", run("Run", "SUCCESS"))).isEmpty();
        assertThat(notesAfterAnEnd(
                        "---s--",
                        "",
                        "--- Xen Test Framework ---\n[2024-03-01 12:00:00] Test result: SUCCESS with warnings\n"))
                .isEmpty();
    }

    @Test
    void anythingElseWaitsForTheQuietPeriod() {
        String unsettled = "still being written";
        assertThat(notesAfterAnEnd("---sc-", "", run("Run", "SUCCESS")))
                .as("a crash")
                .anySatisfy(n -> assertThat(n).contains(unsettled));
        assertThat(notesAfterAnEnd("gone", "", run("Run", "SUCCESS")))
                .as("a domain already gone")
                .anySatisfy(n -> assertThat(n).contains(unsettled));
    }

    @Test
    void aResultLineThatIsNotWholeOrNotThisRunsWaitsForTheQuietPeriod() throws IOException {
        String unsettled = "still being written";
        assertThat(notesAfterAnEnd("---s--", "", "--- Xen Test Framework ---\r\nFail: want Test result: SUCCESS\r\n"))
                .as("a reason line holding the words")
                .anySatisfy(n -> assertThat(n).contains(unsettled));
        Files.delete(log);
        assertThat(notesAfterAnEnd("---s--", "", "--- Xen Test Framework ---\r\nTest result: SUCCESS"))
                .as("no line end yet")
                .anySatisfy(n -> assertThat(n).contains(unsettled));
        Files.delete(log);
        assertThat(notesAfterAnEnd("---s--", run("Earlier run", "SUCCESS"), ""))
                .as("the result line of an earlier run, nothing since the mark")
                .anySatisfy(n -> assertThat(n).contains(unsettled));
    }

    /** The host's files, counting every operation the session makes on them. */
    private static class CountingFiles implements HostFiles {
        private final HostFiles files;
        private final AtomicInteger ops;

        CountingFiles(HostFiles files, AtomicInteger ops) {
            this.files = files;
            this.ops = ops;
        }

        @Override
        public Optional<String> commandTarget() {
            return files.commandTarget();
        }

        @Override
        public Optional<FileStat> stat(String path) {
            ops.incrementAndGet();
            return files.stat(path);
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            ops.incrementAndGet();
            return files.read(path, offset, length);
        }

        @Override
        public List<String> list(String directory) {
            ops.incrementAndGet();
            return files.list(directory);
        }

        @Override
        public byte[] readAll(String path, int maxBytes) {
            ops.incrementAndGet();
            return files.readAll(path, maxBytes);
        }

        @Override
        public boolean isDirectory(String path) {
            ops.incrementAndGet();
            return files.isDirectory(path);
        }
    }
}
