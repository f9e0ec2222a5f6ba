package org.xtfharness.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.result.ParsedOutput;
import org.xtfharness.result.Verdict;
import org.xtfharness.time.TimeSource;

/** Shared pieces of the simulation's tests: a stopped wall clock, expected log bytes, and a minimal reader of XTF output. */
final class SimFixtures {

    /** The machine's clocks, but a wall clock stopped at 2024-05-06T07:08:09Z, so log timestamps are known. */
    private static final Instant STOPPED = Instant.parse("2024-05-06T07:08:09Z");

    static final TimeSource TIME = new TimeSource() {
        @Override
        public Instant now() {
            return STOPPED;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            TimeSource.system().sleep(duration);
        }
    };

    static final String STAMP = "[2024-05-06 07:08:09] ";

    private SimFixtures() {}

    static SimulationOptions options(boolean timestamps) {
        return SimulationOptions.builder()
                .timestamps(timestamps)
                .time(TIME)
                .timeScale(0)
                .build();
    }

    /** Creates, unpauses and waits for the domain. */
    static DomainEnd run(SimulatedHost host, DomainSpec spec, Duration timeout) {
        DomainController xl = host.domains();
        DomainId id = xl.createPaused(spec);
        xl.unpause(id);
        return xl.awaitShutdown(id, spec.name(), timeout);
    }

    /** The bytes a script sends to its console, computed independently of the host. */
    static byte[] consoleBytes(GuestScript script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (GuestStep step : script.steps()) {
            if (step instanceof GuestStep.Print p) {
                out.writeBytes((p.line() + "\r\n").getBytes(StandardCharsets.UTF_8));
            } else if (step instanceof GuestStep.Raw r) {
                out.writeBytes(r.bytes());
            } else if (step instanceof GuestStep.Flood f) {
                out.writeBytes(new byte[(int) f.bytes()]); // only its length is compared
            }
        }
        return out.toByteArray();
    }

    /** What xenconsoled with timestamps on makes of one open and this output, at the fixed clock. */
    static byte[] stamped(byte[] console) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((STAMP + "Logfile Opened\n").getBytes(StandardCharsets.US_ASCII));
        boolean lineStart = true;
        for (byte b : console) {
            if (lineStart) {
                out.writeBytes(STAMP.getBytes(StandardCharsets.US_ASCII));
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    /** The log's text after the last open, stamps removed, split on any line end. */
    static List<String> lastRunLines(byte[] log) {
        String text = new String(log, StandardCharsets.ISO_8859_1);
        int opened = text.lastIndexOf("Logfile Opened\n");
        if (opened >= 0) {
            text = text.substring(opened + "Logfile Opened\n".length());
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n|\n|\r", -1)) {
            lines.add(line.startsWith(STAMP) ? line.substring(STAMP.length()) : line);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * A deliberately small reader of XTF output, enough to check the catalogue's expectations
     * against {@link org.xtfharness.result.Verdicts}: result lines must start the line.
     */
    static ParsedOutput parse(List<String> lines) {
        Optional<Verdict> reported = Optional.empty();
        boolean warnings = false;
        int results = 0;
        List<String> reasons = new ArrayList<>();
        Optional<String> panic = Optional.empty();
        boolean banner = false;
        for (String line : lines) {
            banner |= line.equals(GuestScript.XTF_BANNER);
            if (line.startsWith("PANIC: ")) {
                panic = Optional.of(line.substring(7));
            } else if (line.matches("(Skip|Error|Fail|Warning): .*")) {
                reasons.add(line);
            } else if (line.startsWith("Test result: ")) {
                String word = line.substring(13);
                boolean w = word.equals("SUCCESS with warnings");
                Optional<Verdict> v = Verdict.fromXtfWord(w ? "SUCCESS" : word);
                if (v.isPresent()) {
                    reported = v;
                    warnings = w;
                    results++;
                }
            }
        }
        return new ParsedOutput(reported, warnings, reasons, panic, banner, Optional.empty(), results, List.of());
    }
}
