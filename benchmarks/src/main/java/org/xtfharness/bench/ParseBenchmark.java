package org.xtfharness.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xtfharness.console.LineFramer;
import org.xtfharness.console.TimestampPrefix;
import org.xtfharness.result.ParsedOutput;
import org.xtfharness.result.ResultParser;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;

/**
 * Console output through framing ({@link LineFramer}, timestamp prefixes stripped, as the log
 * source does) and the XTF parser. The {@code lines*} benchmarks count one operation per line, so
 * their score is lines per second; {@link #singleLine10MB} is one operation per 10 MB output of one
 * line (the framer splits it every {@link LineFramer#DEFAULT_MAX_LINE_CHARS} chars).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ParseBenchmark {

    static final int LINES = 100_000;
    static final int SINGLE_LINE_BYTES = 10_000_000;

    private final ResultParser parser = ResultParsers.xtf();
    private byte[] typical;
    private List<String> typicalLines;
    private byte[] oneLine;

    @Setup
    public void setUp() {
        StringBuilder b = new StringBuilder();
        String stamp = "[2026-11-23 19:00:00] ";
        b.append(stamp).append("--- Xen Test Framework ---\r\n");
        b.append(stamp).append("Environment: PV 64bit (Long mode 4 levels)\r\n");
        for (int i = 0; i < LINES - 3; i++) {
            b.append(stamp).append("Testing case ").append(i).append(": cr0 0x80050033, rip 0xffff82d040200000\r\n");
        }
        b.append(stamp).append("Test result: SUCCESS\r\n");
        typical = b.toString().getBytes(StandardCharsets.US_ASCII);
        typicalLines = frame(typical);
        check(parser.parse(typicalLines), typicalLines.size() == LINES);

        byte[] head = "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\nTest result: SUCCESS\r\n".getBytes(StandardCharsets.US_ASCII);
        oneLine = new byte[SINGLE_LINE_BYTES];
        Arrays.fill(oneLine, (byte) 'x');
        System.arraycopy(head, 0, oneLine, 0, head.length);
        System.arraycopy(tail, 0, oneLine, oneLine.length - tail.length, tail.length);
        check(parser.parse(frame(oneLine)), true);
    }

    private static void check(ParsedOutput p, boolean ok) {
        if (!ok || p.reported().orElse(null) != Verdict.SUCCESS) {
            throw new IllegalStateException("the benchmark input does not parse as SUCCESS: " + p);
        }
    }

    /** What the log source does: frame, drop the markers, strip the timestamps. */
    static List<String> frame(byte[] bytes) {
        LineFramer framer = new LineFramer();
        List<String> lines = new ArrayList<>();
        framer.feed(bytes, 0, bytes.length, raw -> {
            if (!TimestampPrefix.isLogfileOpened(raw)) {
                lines.add(TimestampPrefix.strip(raw));
            }
        });
        framer.finish(raw -> {
            if (!TimestampPrefix.isLogfileOpened(raw)) {
                lines.add(TimestampPrefix.strip(raw));
            }
        });
        return lines;
    }

    /** Bytes to verdict: framing and parsing, lines per second. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public ParsedOutput linesFramedAndParsed() {
        return parser.parse(frame(typical));
    }

    /** Framing alone, lines per second. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public List<String> linesFramed() {
        return frame(typical);
    }

    /** The parser alone on framed lines, lines per second. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public ParsedOutput linesParsed() {
        return parser.parse(typicalLines);
    }

    /** A 10 MB output that is one line: framed (split) and parsed, outputs per second. */
    @Benchmark
    public ParsedOutput singleLine10MB() {
        return parser.parse(frame(oneLine));
    }
}
