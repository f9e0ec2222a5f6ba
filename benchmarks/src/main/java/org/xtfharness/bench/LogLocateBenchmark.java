package org.xtfharness.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogCaptureOptions;
import org.xtfharness.console.LogLayout;
import org.xtfharness.host.LocalHostFiles;

/**
 * Finding this run's output in a xenconsoled guest log that already holds {@code logMiB} MiB of
 * earlier runs (timestamped, each with its {@code Logfile Opened} marker and XTF banner).
 *
 * <ul>
 *   <li>{@code find=mark}: the normal case. The mark is taken at the end of the earlier runs, this
 *       run is appended, and {@code collect} reads from the mark ({@code FROM_MARK}).</li>
 *   <li>{@code find=banner}: the log did not exist at the mark, so the whole file is after it
 *       ({@code NEW_FILE}); {@code collect} must find the last XTF banner searching backwards.</li>
 * </ul>
 * {@link #mark} times {@code open} (stat plus the 64-byte fingerprint read), {@link #collect} the
 * capture. Settling is switched off here (it is a wait, not work; the latency benchmark measures it).
 * The log lives in the page cache after the setup wrote it, as a freshly written guest log does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LogLocateBenchmark {

    static final String NAME = "test-pv64-example";

    @Param({"1", "100", "1024"})
    public int logMiB;

    @Param({"mark", "banner"})
    public String find;

    private Path dir;
    private ConsoleSource source;
    private ConsoleSession session;
    private int expectedLines;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("xtfh-bench-log-");
        Path log = dir.resolve("guest-" + NAME + ".log");
        LogCaptureOptions opts =
                LogCaptureOptions.builder().settle(Duration.ZERO, Duration.ZERO).build();
        source = ConsoleSources.xenconsoledLog(
                new LocalHostFiles(), new LogLayout(dir.toString(), "guest-%s.log"), opts);
        byte[] thisRun = LogContent.run(7, 40, "Test result: SUCCESS");
        expectedLines = LogContent.lineCount(thisRun) - 1; // the marker line is not output
        long earlier = (long) logMiB * 1024 * 1024 - thisRun.length;
        if (find.equals("mark")) {
            LogContent.writeEarlierRuns(log, earlier);
            session = source.open(NAME);
            append(log, thisRun);
        } else {
            session = source.open(NAME);
            LogContent.writeEarlierRuns(log, earlier);
            append(log, thisRun);
        }
        ConsoleCapture c = session.collect();
        if (c.lines().size() != expectedLines
                || !c.lines().get(c.lines().size() - 1).equals("Test result: SUCCESS")) {
            throw new IllegalStateException("the benchmark's capture is wrong: "
                    + c.lines().size() + " lines, expected " + expectedLines + "; " + c.location() + " " + c.notes());
        }
        System.out.printf(
                "%n[setup] %s: %d bytes, capture %s, %d lines%n",
                log, Files.size(log), c.location(), c.lines().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        LogContent.deleteTree(dir);
    }

    /** Taking the mark: what {@code open} costs before the domain is created. */
    @Benchmark
    public ConsoleSession mark() {
        return source.open(NAME);
    }

    /** Locating and reading this run's output after the domain shut down. */
    @Benchmark
    public ConsoleCapture collect() {
        return session.collect();
    }

    private static void append(Path log, byte[] bytes) throws IOException {
        try (FileChannel ch =
                FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** Builds guest logs as xenconsoled writes them with {@code --timestamp=guest}. */
    static final class LogContent {
        private static final String STAMP = "[2026-11-23 19:00:00] ";

        private LogContent() {}

        /** One run: the marker, the banner, {@code lines} lines of output, the result line. */
        static byte[] run(int seed, int lines, String result) {
            StringBuilder b = new StringBuilder();
            b.append(STAMP).append("Logfile Opened\n");
            b.append(STAMP).append("--- Xen Test Framework ---\r\n");
            b.append(STAMP).append("Environment: PV 64bit (Long mode 4 levels)\r\n");
            for (int i = 0; i < lines; i++) {
                b.append(STAMP)
                        .append("Testing case ")
                        .append(seed)
                        .append('.')
                        .append(i)
                        .append(": cr0 0x80050033, rip 0xffff82d040200000\r\n");
            }
            b.append(STAMP).append(result).append("\r\n");
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }

        static int lineCount(byte[] run) {
            int n = 0;
            for (byte x : run) {
                if (x == '\n') {
                    n++;
                }
            }
            return n;
        }

        /** Exactly {@code bytes} bytes of earlier, complete runs (a 1 MiB block written repeatedly). */
        static void writeEarlierRuns(Path log, long bytes) throws IOException {
            ByteBuffer block = ByteBuffer.wrap(earlierBlock(1 << 20));
            try (FileChannel ch = FileChannel.open(
                    log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                long left = bytes;
                while (left > 0) {
                    block.clear();
                    if (left < block.capacity()) {
                        block.limit((int) left);
                    }
                    while (block.hasRemaining()) {
                        left -= ch.write(block);
                    }
                }
                if (bytes > 0) {
                    // The last block was cut anywhere: end it on a line end, as a finished run's log does.
                    ch.write(ByteBuffer.wrap(new byte[] {'\n'}), bytes - 1);
                }
            }
        }

        /** Earlier runs filling {@code size} bytes; the tail is padded with unstamped noise lines. */
        private static byte[] earlierBlock(int size) {
            byte[] out = new byte[size];
            int at = 0;
            for (int seed = 0; ; seed++) {
                byte[] r = run(seed, 200, seed % 5 == 0 ? "Test result: FAILURE" : "Test result: SUCCESS");
                if (at + r.length > size) {
                    break;
                }
                System.arraycopy(r, 0, out, at, r.length);
                at += r.length;
            }
            while (at < size) {
                out[at] = (byte) (size - at == 1 ? '\n' : '.');
                at++;
            }
            return out;
        }

        static void deleteTree(Path root) throws IOException {
            if (root == null || !Files.exists(root)) {
                return;
            }
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
