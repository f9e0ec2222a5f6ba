package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.console.ConsoleCapture.Location;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.result.ParsedOutput;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.ManualTime;

class XenconsoledLogSourceTest {

    private static final String NAME = "test-pv64-example";
    private static final String TS = "[2024-03-01 12:00:00] ";
    private static final String OPENED = TS + "Logfile Opened\n";

    @TempDir
    Path dir;

    private Path log;
    private final ManualTime time = new ManualTime();

    @BeforeEach
    void setUp() {
        assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
                "file identity needs the 'unix' attribute view (Linux, the platform dom0 runs)");
        log = dir.resolve("guest-" + NAME + ".log");
    }

    private LogCaptureOptions options() {
        return LogCaptureOptions.builder().time(time).build();
    }

    private ConsoleSource source() {
        return ConsoleSources.xenconsoledLog(
                new LocalHostFiles(), new LogLayout(dir.toString(), "guest-%s.log"), options());
    }

    private ConsoleSource source(LogCaptureOptions options, int chunk) {
        return new XenconsoledLogSource(
                new LocalHostFiles(), new LogLayout(dir.toString(), "guest-%s.log"), options, chunk);
    }

    private static void append(Path p, String s) {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String title, String... body) {
        StringBuilder b = new StringBuilder(
                        "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\n")
                .append(title)
                .append("\r\n");
        for (String line : body) {
            b.append(line).append("\r\n");
        }
        return b.toString();
    }

    private static String stamped(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("(?<=\n)")) {
            b.append(TS).append(line);
        }
        return b.toString();
    }

    private static ParsedOutput parse(ConsoleCapture c) {
        return ResultParsers.xtf().parse(c.lines());
    }

    @Test
    void appendedRunWithoutTimestampsIsReadFromTheMark() {
        append(log, run("Run one", "Fail: old", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        append(log, run("Run two", "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.FROM_MARK);
        assertThat(c.lines())
                .containsExactly(
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "Run two",
                        "Test result: SUCCESS");
        assertThat(c.notes()).isEmpty();
        assertThat(c.origin()).isEqualTo(log.toString());
        assertThat(c.droppedBytes()).isZero();
        assertThat(c.byteCount())
                .isEqualTo(run("Run two", "Test result: SUCCESS").length());
        assertThat(parse(c).reported()).contains(Verdict.SUCCESS);
    }

    @Test
    void appendedRunWithTimestampsLosesPrefixesAndMarkers() {
        append(log, OPENED + stamped(run("Run one", "Test result: FAILURE")));
        ConsoleSession s = source().open(NAME);
        append(log, OPENED + stamped(run("Run two", "Skip: no", "Test result: SKIP")));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.FROM_MARK);
        assertThat(c.lines())
                .containsExactly(
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "Run two",
                        "Skip: no",
                        "Test result: SKIP");
        assertThat(c.notes())
                .as("a skipped marker line is normal, not worth a note")
                .isEmpty();
        assertThat(parse(c).reported()).contains(Verdict.SKIP);
    }

    @Test
    void sameNameRerunPrintingNothingYieldsNoLinesOfTheEarlierRun() {
        append(log, OPENED + stamped(run("Run one", "Fail: bad", "Test result: FAILURE")));
        ConsoleSession s = source().open(NAME);
        append(log, OPENED);

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).isEmpty();
        assertThat(parse(c).reported()).isEmpty();
    }

    @Test
    void sameNameRerunWithoutAnyNewByteYieldsNothing() {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).isEmpty();
        assertThat(c.byteCount()).isZero();
    }

    @Test
    void neverReturnsBytesFromBeforeTheMark() {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            Path p = dir.resolve("guest-r" + round + ".log");
            StringBuilder old = new StringBuilder();
            for (int i = 0, n = random.nextInt(6); i < n; i++) {
                old.append(random.nextBoolean() ? TS : "")
                        .append(random.nextBoolean() ? "--- Xen Test Framework ---" : "OLD-" + i)
                        .append(random.nextBoolean() ? "\r\n" : "\n");
                if (random.nextInt(4) == 0) {
                    old.append(OPENED);
                }
            }
            if (random.nextBoolean()) {
                old.append("Test result: FAILURE"); // even without a final line end
            }
            append(p, old.toString());
            ConsoleSession s = source(options(), 64).open("r" + round);
            StringBuilder fresh = new StringBuilder(random.nextBoolean() ? "\n" : "");
            for (int i = 0, n = random.nextInt(8); i < n; i++) {
                fresh.append(random.nextBoolean() ? TS : "")
                        .append(random.nextInt(3) == 0 ? "--- Xen Test Framework ---" : "NEW-" + i)
                        .append("\r\n");
            }
            append(p, fresh.toString());

            ConsoleCapture c = s.collect();

            assertThat(c.lines())
                    .as("round %d", round)
                    .noneSatisfy(l -> assertThat(l).contains("OLD"));
            assertThat(c.lines())
                    .as("round %d", round)
                    .noneSatisfy(l -> assertThat(l).contains("FAILURE"));
        }
    }

    @Test
    void logAbsentAtTheMarkIsReadWhole() {
        ConsoleSession s = source().open(NAME);
        append(log, OPENED + stamped(run("Only run", "Test result: SUCCESS")));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.NEW_FILE);
        assertThat(c.lines()).first().isEqualTo("--- Xen Test Framework ---");
        assertThat(parse(c).reported()).contains(Verdict.SUCCESS);
    }

    @Test
    void copytruncateBetweenMarkAndReadGivesTheWholeNewContent() throws IOException {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(log, run("Run two", "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_TRUNCATION);
        assertThat(c.lines()).contains("Run two").doesNotContain("Run one");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("truncated", log.toString()));
        assertThat(parse(c).reported()).contains(Verdict.SUCCESS);
    }

    @Test
    void rewrittenLogThatGrewPastTheMarkIsCaughtByTheFingerprint() throws IOException {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(
                log,
                run(
                        "Run two, long enough to pass the old size",
                        "Some padding line to grow the file",
                        "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_TRUNCATION);
        assertThat(c.lines()).contains("Run two, long enough to pass the old size");
        assertThat(parse(c).reported()).contains(Verdict.SUCCESS);
    }

    @Test
    void renamedLogIsFollowedIntoItsOldFileThenTheNewOne() throws IOException {
        append(log, OPENED + stamped(run("Run one", "Test result: FAILURE")));
        ConsoleSession s = source().open(NAME);
        append(log, OPENED + stamped(run("Run two", "first half")));
        Path rotated = dir.resolve("guest-" + NAME + ".log.1");
        Files.move(log, rotated);
        append(log, OPENED + stamped("second half\r\nTest result: SUCCESS\r\n"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.lines())
                .containsExactly(
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "Run two",
                        "first half",
                        "second half",
                        "Test result: SUCCESS");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("replaced", rotated.toString()));
        assertThat(c.origin()).contains(rotated.toString(), log.toString());
    }

    @Test
    void renamedLogWhoseOldFileIsGoneGivesTheNewFileWithANote() throws IOException {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        append(log, run("Run two", "first half"));
        Files.move(log, dir.resolve("guest-" + NAME + ".log.1"));
        append(log, OPENED + stamped("second half\r\nTest result: SUCCESS\r\n"));
        Files.delete(dir.resolve("guest-" + NAME + ".log.1")); // compressed or removed by logrotate

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.lines()).containsExactly("second half", "Test result: SUCCESS");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("may be lost"));
        assertThat(parse(c).bannerSeen()).isFalse();
    }

    @Test
    void replacementThatReusedTheInodeIsTreatedAsATruncation() throws IOException {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        Files.delete(log); // the file system may hand the same inode to the next file
        append(log, run("Run two", "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isIn(Location.AFTER_TRUNCATION, Location.AFTER_REPLACEMENT);
        assertThat(c.lines()).contains("Run two").doesNotContain("Run one");
    }

    @Test
    void logRenamedAwayWithoutANewOneIsReadFromTheOldFile() throws IOException {
        append(log, run("Run one", "Test result: FAILURE"));
        ConsoleSession s = source().open(NAME);
        append(log, run("Run two", "Test result: SUCCESS"));
        Files.move(log, dir.resolve("guest-" + NAME + ".log-20240301"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.lines()).contains("Run two").doesNotContain("Run one");
    }

    @Test
    void reopenAfterSighupMidRunDoesNotCutTheRun() {
        append(log, OPENED + stamped(run("Run one", "Test result: FAILURE")));
        ConsoleSession s = source().open(NAME);
        append(log, OPENED + stamped(run("Run two", "before")) + OPENED + stamped("after\r\nTest result: ERROR\r\n"));

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.FROM_MARK);
        assertThat(c.lines())
                .containsExactly(
                        "--- Xen Test Framework ---",
                        "Environment: PV 64bit (Long mode 4 levels)",
                        "Run two",
                        "before",
                        "after",
                        "Test result: ERROR");
        assertThat(parse(c).reasons()).containsExactly("before", "after");
    }

    @Test
    void withoutBannerTheRunStartsAtTheFirstMarker() {
        ConsoleSession s = source().open(NAME);
        append(log, "junk from before\n" + OPENED + TS + "half a line\n" + OPENED + TS + "more\n");

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).containsExactly("half a line", "more");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("skipped 17 bytes", "Logfile Opened"));
    }

    @Test
    void theLastBannerStartsTheRun() {
        ConsoleSession s = source().open(NAME);
        append(log, run("First boot", "Test result: FAILURE") + run("Second boot", "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).contains("Second boot").doesNotContain("First boot");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("skipped", "XTF banner"));
    }

    @Test
    void bannerIsFoundWhereverChunkBoundariesFall() {
        for (int pad = 0; pad < 150; pad += 7) {
            Path p = dir.resolve("guest-c" + pad + ".log");
            append(p, run("Old", "Test result: FAILURE"));
            ConsoleSession s = source(options(), 64).open("c" + pad);
            append(p, "x".repeat(pad) + "\n" + OPENED + stamped(run("New", "y".repeat(pad), "Test result: SUCCESS")));

            ConsoleCapture c = s.collect();

            assertThat(c.lines()).as("pad %d", pad).first().isEqualTo("--- Xen Test Framework ---");
            assertThat(c.lines()).as("pad %d", pad).last().isEqualTo("Test result: SUCCESS");
        }
    }

    @Test
    void bannerManyChunksBackKeepsEveryLineAfterIt() {
        // Chunks of 64 bytes and a run of about 6 KB: the search buffer grows several times on the way back.
        List<String> body = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            body.add("line " + i);
        }
        body.add("Test result: SUCCESS");
        append(log, OPENED + stamped(run("Old", "Test result: FAILURE")));
        ConsoleSession s = source(options(), 64).open(NAME);
        append(log, "tail of something\n" + OPENED + stamped(run("New", body.toArray(String[]::new))));

        ConsoleCapture c = s.collect();

        List<String> expected = new ArrayList<>(
                List.of("--- Xen Test Framework ---", "Environment: PV 64bit (Long mode 4 levels)", "New"));
        expected.addAll(body);
        assertThat(c.lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutBannerManyChunksBackTheRunStartsAtTheFirstMarker() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            out.append(TS).append("output ").append(i).append("\r\n");
        }
        ConsoleSession s = source(options(), 64).open(NAME);
        append(log, "junk from before\n" + OPENED + out);

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).hasSize(300);
        assertThat(c.lines()).first().isEqualTo("output 0");
        assertThat(c.lines()).last().isEqualTo("output 299");
    }

    @Test
    void bannerTextInsideALineIsNotAStart() {
        ConsoleSession s = source().open(NAME);
        append(log, run("Run", "quoting --- Xen Test Framework --- inline", "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).first().isEqualTo("--- Xen Test Framework ---");
        assertThat(c.lines()).hasSize(5);
    }

    @Test
    void missingLogDirectoryIsAConfigurationError() {
        ConsoleSource src = ConsoleSources.xenconsoledLog(
                new LocalHostFiles(), new LogLayout(dir.resolve("console").toString(), "guest-%s.log"), options());

        assertThatThrownBy(() -> src.open(NAME))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(dir.resolve("console").toString())
                .hasMessageContaining("--log=guest")
                .hasMessageContaining("--log-dir");
    }

    @Test
    void logNeverWrittenIsAnInfrastructureError() {
        ConsoleSession s = source().open(NAME);

        assertThatThrownBy(s::collect)
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(log.toString())
                .hasMessageContaining("xenconsoled");
    }

    @Test
    void outputLargerThanTheLimitKeepsTheEndAndCountsWhatWasDropped() {
        ConsoleSession s =
                source(options().toBuilder().maxBytes(1000).build(), 128).open(NAME);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            body.append("noise line ").append(i).append("\r\n");
        }
        String all = run("Chatty", body + "Test result: SUCCESS");
        append(log, all);

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).last().isEqualTo("Test result: SUCCESS");
        assertThat(c.lines()).doesNotContain("--- Xen Test Framework ---");
        assertThat(c.byteCount()).isEqualTo(all.length());
        assertThat(c.droppedBytes()).isEqualTo(all.length() - 1000);
        assertThat(c.lines().stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(1000);
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("capture limit", "dropped"));
    }

    @Test
    void waitsWhileTheGuestIsStillWriting() {
        ConsoleSession s = source().open(NAME);
        append(log, run("Slow", "partial"));
        List<String> pending = new ArrayList<>(List.of("more\r\n", "Test result: SUCCESS\r\n"));
        time.onSleep(() -> {
            if (!pending.isEmpty()) {
                append(log, pending.remove(0));
            }
        });

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).endsWith("more", "Test result: SUCCESS");
        assertThat(c.notes()).isEmpty();
    }

    @Test
    void logThatNeverSettlesIsReadAfterTheMaximumWithANote() {
        ConsoleSession s = source().open(NAME);
        append(log, run("Endless"));
        time.onSleep(() -> append(log, "spam\r\n"));

        ConsoleCapture c = s.collect();

        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("still being written", "2000 ms"));
        assertThat(time.since(0)).isEqualTo(LogCaptureOptions.DEFAULT_SETTLE_MAX);
        assertThat(c.lines()).first().isEqualTo("--- Xen Test Framework ---");
    }

    @Test
    void settleWaitsAtLeastTheQuietTime() {
        append(log, "x\n");
        ConsoleSession s = source().open(NAME);

        s.collect();

        assertThat(time.since(0)).isEqualTo(LogCaptureOptions.DEFAULT_SETTLE_QUIET);
    }

    @Test
    void nulBytesAndLongLinesAreNoted() {
        ConsoleSession s = source().open(NAME);
        append(log, run("Odd", "a\0b", "z".repeat(70_000), "Test result: SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).contains("ab");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("1 NUL"));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("split"));
    }

    @Test
    void describesItsLogPattern() {
        assertThat(source().describe()).isEqualTo("xenconsoled log " + dir + "/guest-%s.log");
    }

    @Test
    void optionsRefuseNonsense() {
        assertThatThrownBy(() -> LogCaptureOptions.builder().maxBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogCaptureOptions.builder()
                        .settle(Duration.ofMillis(-1), Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LogCaptureOptions.defaults().maxBytes()).isEqualTo(32L * 1024 * 1024);
    }
}
