package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.testing.ManualTime;

/**
 * Properties of the backward search in {@link XenconsoledLogSource}: with any number of earlier
 * runs of the same domain name in the log before the mark (whole, cut off mid-line, stamped or not,
 * with or without xenconsoled's {@code Logfile Opened} markers), the capture holds exactly this
 * run's lines and never a byte from before the mark, for any chunk size of the backward read.
 * Invariants in RELIABILITY.md (Fuzzing).
 */
class XenconsoledLogLocatorFuzzTest {

    private static final String DIR = "/var/log/xen/console";
    private static final String NAME = "test-pv64-example";
    private static final String PATH = DIR + "/guest-" + NAME + ".log";
    private static final String BANNER = "--- Xen Test Framework ---";
    private static final String STAMP = "[2024-03-01 12:00:00] ";

    /** One generated log: what was there at the mark, and what this run appended after it. */
    record Scenario(List<Run> earlier, String leftover, Run current, boolean stamped, int chunk, long seed) {

        @Override
        public String toString() {
            return "earlier=" + earlier + " leftover=" + quoted(leftover) + " current=" + current + " stamped="
                    + stamped + " chunk=" + chunk + " seed=" + seed;
        }
    }

    /** One run's guest lines (the banner, if any, is the first), opened by a marker or not, cut or not. */
    record Run(boolean marker, List<String> lines, boolean cutOff) {}

    @Provide
    Arbitrary<String> guestLine() {
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                "Environment: PV 64bit (Long mode 4 levels)",
                                "Test result: SUCCESS",
                                "Test result: FAILURE",
                                "PANIC: oops",
                                "",
                                "   ",
                                "Logfile Opened",
                                "x" + BANNER,
                                BANNER + "x",
                                BANNER.replace(" ", "  "),
                                "--- Xen Test Framework --",
                                STAMP + "Logfile Opened with more",
                                "\u00e9\u20ac\uD83D\uDE00",
                                BANNER.substring(5),
                                "Test result: SUCCESS " + BANNER),
                        Arbitraries.strings().ofMaxLength(30),
                        Arbitraries.strings()
                                .withChars("-XenTstFramwork [] 0123456789:")
                                .ofMaxLength(40))
                // What a real run cannot hold: line ends (the line is one line), NULs (dropped by the
                // framer), a second banner (a second banner is a second run), or a stamp-shaped start
                // (indistinguishable from xenconsoled's own stamp).
                .filter(s -> s.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0)
                        && !s.stripTrailing().equals(BANNER)
                        && !TimestampPrefix.hasPrefix(s)
                        && StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    @Provide
    Arbitrary<Run> run() {
        return Builders.withBuilder(() -> new Run(false, List.of(), false))
                .use(Arbitraries.of(true, false))
                .in((r, m) -> new Run(m, r.lines(), r.cutOff()))
                .use(guestLine().list().ofMaxSize(12))
                .in((r, body) -> {
                    List<String> lines = new ArrayList<>();
                    lines.add(BANNER);
                    lines.addAll(body);
                    return new Run(r.marker(), lines, r.cutOff());
                })
                .use(Arbitraries.of(true, false))
                .in((r, cut) -> new Run(r.marker(), r.lines(), cut))
                .build();
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Run> current = Arbitraries.oneOf(
                run(),
                // A run that died before its banner: only guest lines, or nothing at all.
                run().map(r ->
                        new Run(r.marker(), r.lines().subList(1, r.lines().size()), r.cutOff())));
        return Builders.withBuilder(() -> new Scenario(List.of(), "", null, false, 64, 0))
                .use(run().list().ofMaxSize(5))
                .in((s, e) -> new Scenario(e, s.leftover(), s.current(), s.stamped(), s.chunk(), s.seed()))
                .use(Arbitraries.oneOf(Arbitraries.just(""), guestLine(), Arbitraries.of("\r", "\r\n", BANNER, STAMP)))
                .in((s, l) -> new Scenario(s.earlier(), l, s.current(), s.stamped(), s.chunk(), s.seed()))
                .use(current)
                .in((s, c) -> new Scenario(s.earlier(), s.leftover(), c, s.stamped(), s.chunk(), s.seed()))
                .use(Arbitraries.of(true, false))
                .in((s, t) -> new Scenario(s.earlier(), s.leftover(), s.current(), t, s.chunk(), s.seed()))
                .use(Arbitraries.integers().between(64, 400))
                .in((s, c) -> new Scenario(s.earlier(), s.leftover(), s.current(), s.stamped(), c, s.seed()))
                .use(Arbitraries.longs())
                .in((s, r) -> new Scenario(s.earlier(), s.leftover(), s.current(), s.stamped(), s.chunk(), r))
                .build();
    }

    @Property
    void capturesExactlyThisRunAndNothingFromBeforeTheMark(@ForAll("scenarios") Scenario s) {
        MemoryLog files = new MemoryLog();
        Random random = new Random(s.seed());
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        for (Run r : s.earlier()) {
            render(before, r, s.stamped(), random);
        }
        before.writeBytes(s.leftover().getBytes(StandardCharsets.UTF_8));
        if (before.size() > 0 || random.nextBoolean()) {
            files.content = before.toByteArray();
        }

        XenconsoledLogSource source =
                new XenconsoledLogSource(files, new LogLayout(DIR, "guest-%s.log"), options(), s.chunk());
        ConsoleSession session = source.open(NAME);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        render(after, s.current(), s.stamped(), random);
        files.append(after.toByteArray());
        // A run that printed nothing and whose log did not exist leaves no log at all: that is a
        // different failure (no log written), covered by the example tests.
        if (files.content == null) {
            files.content = new byte[0];
        }

        ConsoleCapture capture = session.collect();

        assertThat(capture.lines()).isEqualTo(s.current().lines());
        assertThat(capture.byteCount()).isLessThanOrEqualTo(after.size());
        assertThat(capture.droppedBytes()).isZero();
    }

    @Property
    void findsThisRunsBannerBackwardsWhenEarlierRunsAreAfterTheMarkToo(@ForAll("scenarios") Scenario s) {
        // The log did not exist at the mark, then took earlier runs and this one: only the backward
        // search for the last banner (across chunk boundaries) can tell this run's start. Earlier runs
        // end their last line here; one cut off mid-line glues this run's banner onto it, which no
        // reader can tell from a guest line (a documented limit).
        Run current =
                s.current().lines().isEmpty() || !s.current().lines().get(0).equals(BANNER)
                        ? new Run(
                                s.current().marker(),
                                withBanner(s.current().lines()),
                                s.current().cutOff())
                        : s.current();
        MemoryLog files = new MemoryLog();
        XenconsoledLogSource source =
                new XenconsoledLogSource(files, new LogLayout(DIR, "guest-%s.log"), options(), s.chunk());
        ConsoleSession session = source.open(NAME);
        Random random = new Random(s.seed());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (Run r : s.earlier()) {
            render(log, new Run(r.marker(), r.lines(), false), s.stamped(), random);
        }
        render(log, current, s.stamped(), random);
        files.append(log.toByteArray());

        ConsoleCapture capture = session.collect();

        assertThat(capture.lines()).isEqualTo(current.lines());
    }

    private static List<String> withBanner(List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add(BANNER);
        out.addAll(lines);
        return out;
    }

    /** Writes a run as xenconsoled would log it: mixed line ends, stamps on some lines if on. */
    private static void render(ByteArrayOutputStream out, Run r, boolean stamped, Random random) {
        StringBuilder b = new StringBuilder();
        if (r.marker()) {
            b.append(STAMP).append("Logfile Opened").append(random.nextBoolean() ? "\n" : "\r\n");
        }
        for (int i = 0; i < r.lines().size(); i++) {
            // xenconsoled shares its "stamp the next write" state between guests: not every line has one.
            // A guest line "Logfile Opened" with a stamp is xenconsoled's marker byte for byte, and
            // is taken for it (a documented limit); unstamped it must survive, and does.
            boolean lookalike = r.lines().get(i).stripTrailing().equals(TimestampPrefix.LOGFILE_OPENED);
            if (stamped && !lookalike && random.nextInt(4) != 0) {
                b.append(STAMP);
            }
            b.append(r.lines().get(i));
            boolean last = i == r.lines().size() - 1;
            // A cut-off run ends mid-line (an empty last line cannot be cut: it has no bytes), and
            // the next run's first bytes then share that line in the log.
            if (!(last && r.cutOff() && !r.lines().get(i).isEmpty())) {
                // A lone CR is a line end only if no LF follows: never before an empty line.
                boolean loneCrOk = !last && !r.lines().get(i + 1).isEmpty();
                b.append(List.of("\r\n", "\n", "\r\r\n", "\r").get(random.nextInt(loneCrOk ? 4 : 3)));
            }
        }
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static LogCaptureOptions options() {
        return LogCaptureOptions.builder()
                .settle(Duration.ZERO, Duration.ZERO)
                .time(new ManualTime())
                .build();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    /** One guest log in memory, one inode for its whole life. */
    private static final class MemoryLog implements HostFiles {
        byte[] content;

        void append(byte[] more) {
            byte[] old = content == null ? new byte[0] : content;
            byte[] joined = Arrays.copyOf(old, old.length + more.length);
            System.arraycopy(more, 0, joined, old.length, more.length);
            content = joined;
        }

        @Override
        public Optional<FileStat> stat(String path) {
            return path.equals(PATH) && content != null
                    ? Optional.of(new FileStat(1, 42, content.length))
                    : Optional.empty();
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            if (!path.equals(PATH) || content == null || offset >= content.length) {
                return new byte[0];
            }
            int from = (int) offset;
            return Arrays.copyOfRange(content, from, (int) Math.min(content.length, offset + length));
        }

        @Override
        public List<String> list(String directory) {
            return directory.equals(DIR) && content != null ? List.of("guest-" + NAME + ".log") : List.of();
        }

        @Override
        public byte[] readAll(String path, int maxBytes) {
            return read(path, 0, maxBytes);
        }

        @Override
        public boolean isDirectory(String path) {
            return path.equals(DIR);
        }
    }
}
