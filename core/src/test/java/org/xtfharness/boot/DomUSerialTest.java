package org.xtfharness.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.console.LineFramer;
import org.xtfharness.domain.ShutdownReason;

/**
 * A dom0less domU's serial log, in the shapes Xen 4.17 and 4.20 print it (seen under QEMU here:
 * {@code (d1) [ts] TEXT} for console_io, {@code (XEN) [ts] DOM1: TEXT} for vpl011 with the input
 * on Xen, {@code (XEN) [ts] TEXT} with it on the domain): the test's lines once each, from one
 * channel, never from Xen's own lines, and its end at its own last line or Xen's crash line.
 */
class DomUSerialTest {

    private static final SerialProtocol DOMU = SerialProtocols.domU();
    private static final String[] ENDS = {"\n", "\r\n", "\r\r\n"};
    private static final long FAR = Long.MAX_VALUE / 2;

    @TempDir
    Path dir;

    /** Boot mode gives Xen console_timestamps=boot on arm64: every line of Xen's carries a stamp. */
    private static String stamp(Random r) {
        return String.format("[%5d.%06d] ", r.nextInt(100), r.nextInt(1_000_000));
    }

    private static String consoleIo(Random r, String text) {
        return "(d1) " + stamp(r) + text;
    }

    private static String vpl011(Random r, String text) {
        return "(XEN) " + stamp(r) + "DOM1: " + text;
    }

    /** Test text: anything printable, sometimes Xen's words or a result line's start. */
    private static String text(Random r, int k) {
        return switch (r.nextInt(6)) {
            case 0 -> "(XEN) looks like Xen " + k;
            case 1 -> "DOM1: nested " + k;
            case 2 -> "[    1.000000] bracketed " + k;
            default -> "line " + k + " " + "x".repeat(r.nextInt(60));
        };
    }

    @Test
    void takesEachOfTheTestsLinesOnceFromOneChannelHoweverTheChannelsInterleave() {
        Random r = new Random(417420);
        for (int round = 0; round < 500; round++) {
            List<String> test = new ArrayList<>();
            for (int k = r.nextInt(30); k > 0; k--) {
                test.add(text(r, k));
            }
            boolean io = r.nextInt(4) != 0;
            boolean uart = !io || r.nextBoolean();
            List<String> log = new ArrayList<>();
            int a = 0;
            int b = 0;
            while (io && a < test.size() || uart && b < test.size()) {
                int pick = r.nextInt(4);
                if (pick == 0) {
                    // Xen's own lines, the 4.20 shape of a domU's vpl011 with the input on it among them.
                    log.add("(XEN) " + stamp(r)
                            + (r.nextBoolean() ? "Test result: FAILURE" : "Freed 368kB init memory."));
                } else if (io && a < test.size() && (pick == 1 || !uart || b >= test.size())) {
                    log.add(consoleIo(r, test.get(a++)));
                } else if (uart && b < test.size()) {
                    log.add(vpl011(r, test.get(b++)));
                }
            }
            assertThat(DOMU.guestLines(log))
                    .as("round " + round + ": " + log)
                    .isEqualTo(test.stream().map(String::strip).toList());
        }
    }

    @Test
    void endsAtTheTestsResultOrPanicLineSettledAndAtXensCrashLineAtOnce() {
        assertThat(DOMU.end("(d1) [    0.46] Test result: SUCCESS", true))
                .contains(new SerialProtocol.End(ShutdownReason.POWEROFF, true));
        assertThat(DOMU.end("(XEN) [    0.47] DOM1: Test result: FAILURE", true))
                .contains(new SerialProtocol.End(ShutdownReason.POWEROFF, true));
        assertThat(DOMU.end("(d1) PANIC: xtf-mini crashed on purpose", true))
                .contains(new SerialProtocol.End(ShutdownReason.CRASH, true));
        assertThat(DOMU.end("(XEN) [    2.1] Domain 1 (vcpu#0) crashed on cpu#1:", true))
                .contains(new SerialProtocol.End(ShutdownReason.CRASH, false));
        assertThat(DOMU.end("(XEN) Panic on CPU 0:", true))
                .contains(new SerialProtocol.End(ShutdownReason.CRASH, false));
        // Xen's own words, an unfinished result line and the initial domain's end mean nothing here.
        assertThat(DOMU.end("(XEN) [    0.47] Test result: SUCCESS", true)).isEmpty();
        assertThat(DOMU.end("(d1) Test result: SUCC", false)).isEmpty();
        assertThat(DOMU.end("(d1) Domain 1 (vcpu#0) crashed on cpu#1:", true)).isEmpty();
        assertThat(SerialProtocols.initialDomain().end("(d1) Test result: SUCCESS", true))
                .isEmpty();
    }

    /**
     * The scanner over generated domU logs growing in pieces: the first of the test's result lines
     * (either channel) is the settled end, Xen's crash line an end at once, Xen's look-alikes and
     * unfinished lines nothing; bytes and memory as for an initial domain's log.
     */
    @Test
    void scannerFindsTheDomUsEndInAnyStreamGrowingInAnyPieces() throws IOException {
        Random r = new Random(28_0417);
        for (int round = 0; round < 120; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int lines = r.nextInt(300);
            int endAt = r.nextBoolean() ? r.nextInt(lines + 1) : -1;
            Optional<SerialProtocol.End> want = Optional.empty();
            for (int l = 0; l <= lines; l++) {
                String line;
                if (l == endAt) {
                    int kind = r.nextInt(3);
                    line = switch (kind) {
                        case 0 -> consoleIo(r, "Test result: SUCCESS");
                        case 1 -> vpl011(r, "Test result: SKIP");
                        default -> "(XEN) " + stamp(r) + "Domain 1 (vcpu#0) crashed on cpu#0:";
                    };
                    want = Optional.of(
                            kind == 2
                                    ? new SerialProtocol.End(ShutdownReason.CRASH, false)
                                    : new SerialProtocol.End(ShutdownReason.POWEROFF, true));
                } else {
                    line = switch (r.nextInt(5)) {
                        case 0 -> "(XEN) " + stamp(r) + "Test result: FAILURE"; // 4.20's shape: never the test's
                        case 1 -> consoleIo(r, text(r, l));
                        case 2 -> vpl011(r, text(r, l));
                        case 3 -> "x".repeat(r.nextInt(3 * SerialLogScanner.MAX_LINE_BYTES));
                        default -> "(XEN) " + stamp(r) + "boot " + l;
                    };
                }
                out.writeBytes((line + ENDS[r.nextInt(ENDS.length)]).getBytes(StandardCharsets.US_ASCII));
                if (l == endAt) {
                    break;
                }
            }
            if (r.nextBoolean()) {
                out.writeBytes("(d1) Test result: SUCCESS".getBytes(StandardCharsets.US_ASCII)); // unfinished
            }
            byte[] bytes = out.toByteArray();
            Path log = Files.createFile(dir.resolve("domu" + round + ".log"));
            Optional<SerialProtocol.End> found = Optional.empty();
            try (SerialLogScanner scan = new SerialLogScanner(
                            log, new SerialLogScannerTest.TickingTime(Duration.ofMillis(1)), DOMU);
                    OutputStream o = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                int at = 0;
                while (found.isEmpty() && at < bytes.length) {
                    int piece = Math.min(bytes.length - at, 1 + r.nextInt(r.nextBoolean() ? 16 : 100_000));
                    o.write(bytes, at, piece);
                    o.flush();
                    at += piece;
                    found = scan.nextEnd(false, FAR);
                }
                assertThat(found).as("round " + round).isEqualTo(want);
                assertThat(scan.xenTail()).hasSizeLessThanOrEqualTo(SerialLogScanner.EVIDENCE_LINES);
            }
            // What the console source gives the parser: the test's lines, one result line at most.
            List<String> guest = DOMU.guestLines(LineFramer.frame(bytes));
            assertThat(guest.stream().filter(g -> g.startsWith("Test result: ")).count())
                    .as("round " + round)
                    .isLessThanOrEqualTo(2); // the unfinished tail, when framed, is a second one
            assertThat(guest).noneMatch(g -> g.equals("Test result: FAILURE"));
        }
    }
}
