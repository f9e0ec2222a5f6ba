package org.xtfharness.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xtfharness.catalog.Environment;

/**
 * What a simulated guest does after it is unpaused: its console output, its pauses, and how it
 * ends. A value, so tests can build their own guests:
 *
 * <pre>{@code
 * GuestScript.xtf(Environment.PV64, "My test").print("Fail: x != y").result("FAILURE").poweroff();
 * }</pre>
 *
 * <p>Its text form ({@link #parse}, {@link #format}) is the one guest vocabulary of the simulated
 * host, the simulated catalogue's guest files and the process-level fake xl. One directive a line:
 * {@code print TEXT} (the rest of the line, verbatim), {@code raw HEX} (spaces between bytes
 * allowed), {@code sleep MS}, {@code flood BYTES}, {@code crash-first-run},
 * {@code console reopen|copytruncate|rename}, then one of {@code poweroff crash reboot watchdog
 * hang} (poweroff if none). Blank lines and lines starting with {@code #} are ignored.
 *
 * @param steps the steps in order; exactly one {@link GuestStep.End}, and it is the last
 */
public record GuestScript(List<GuestStep> steps) {

    /** XTF's banner, the first line every XTF guest prints. */
    public static final String XTF_BANNER = "--- Xen Test Framework ---";

    public GuestScript {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof GuestStep.End)) {
            throw new IllegalArgumentException("a guest script ends with an End step: " + steps);
        }
        if (steps.stream().filter(s -> s instanceof GuestStep.End).count() != 1) {
            throw new IllegalArgumentException("a guest script has exactly one End step: " + steps);
        }
    }

    /** How the guest ends. */
    public GuestEnd end() {
        return ((GuestStep.End) steps.get(steps.size() - 1)).how();
    }

    /**
     * Reads a script's text form.
     *
     * @param origin where the text came from, for messages
     * @throws IllegalArgumentException naming the origin and line of the first directive that cannot be read
     */
    public static GuestScript parse(String text, String origin) {
        Builder b = new Builder();
        String[] lines = text.split("\n", -1);
        for (int no = 1; no <= lines.length; no++) {
            String line = lines[no - 1].endsWith("\r")
                    ? lines[no - 1].substring(0, lines[no - 1].length() - 1)
                    : lines[no - 1];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = origin + ":" + no;
            if (b.ended()) {
                throw new IllegalArgumentException(where + ": '" + line + "' after the guest's final directive");
            }
            int space = line.indexOf(' ');
            String op = space < 0 ? line : line.substring(0, space);
            String arg = space < 0 ? "" : line.substring(space + 1);
            switch (op) {
                case "print" -> b.print(arg);
                case "raw" -> b.raw(hex(arg, where));
                case "sleep" -> b.sleep(Duration.ofMillis(number(op, arg, where)));
                case "flood" -> b.flood(number(op, arg, where));
                case "console" -> b.console(logAction(arg, where));
                case "crash-first-run" -> {
                    noArgument(op, arg, where);
                    b.crashFirstRun();
                }
                default -> {
                    GuestEnd end = ENDS.get(op);
                    if (end == null || !arg.isBlank()) {
                        throw new IllegalArgumentException(where + ": unknown directive '" + line + "'");
                    }
                    b.steps.add(new GuestStep.End(end));
                }
            }
        }
        return b.ended() ? new GuestScript(b.steps) : b.poweroff();
    }

    /** The text form, one directive a line; {@link #parse} reads it back to a script with the same bytes and ends. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (GuestStep step : steps) {
            if (step instanceof GuestStep.Print p) {
                // A line holding CR or LF cannot be a print directive: it goes as the bytes it sends.
                out.append(
                        p.line().indexOf('\n') < 0 && p.line().indexOf('\r') < 0
                                ? "print " + p.line()
                                : "raw " + HexFormat.of().formatHex(p.bytes()));
            } else if (step instanceof GuestStep.Raw r) {
                out.append("raw ").append(HexFormat.of().formatHex(r.bytes()));
            } else if (step instanceof GuestStep.Sleep s) {
                out.append("sleep ").append(s.duration().toMillis());
            } else if (step instanceof GuestStep.Flood f) {
                out.append("flood ").append(f.bytes());
            } else if (step instanceof GuestStep.CrashFirstRun) {
                out.append("crash-first-run");
            } else if (step instanceof GuestStep.Console c) {
                out.append("console ").append(c.action().name().toLowerCase(Locale.ROOT));
            } else if (step instanceof GuestStep.End e) {
                out.append(e.how().name().toLowerCase(Locale.ROOT));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static final Map<String, GuestEnd> ENDS = Map.of(
            "poweroff",
            GuestEnd.POWEROFF,
            "crash",
            GuestEnd.CRASH,
            "reboot",
            GuestEnd.REBOOT,
            "watchdog",
            GuestEnd.WATCHDOG,
            "hang",
            GuestEnd.HANG);

    private static byte[] hex(String arg, String where) {
        String digits = arg.replace(" ", "");
        try {
            if (digits.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": raw needs hex bytes, not '" + arg + "'");
        }
    }

    private static long number(String op, String arg, String where) {
        if (!arg.strip().matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(where + ": " + op + " needs a number, not '" + arg + "'");
        }
        return Long.parseLong(arg.strip());
    }

    private static GuestStep.LogAction logAction(String arg, String where) {
        return switch (arg) {
            case "reopen" -> GuestStep.LogAction.REOPEN;
            case "copytruncate" -> GuestStep.LogAction.COPYTRUNCATE;
            case "rename" -> GuestStep.LogAction.RENAME;
            default ->
                throw new IllegalArgumentException(
                        where + ": console needs reopen, copytruncate or rename, not '" + arg + "'");
        };
    }

    private static void noArgument(String op, String arg, String where) {
        if (!arg.isBlank()) {
            throw new IllegalArgumentException(where + ": " + op + " takes no argument, not '" + arg + "'");
        }
    }

    /** A script builder with no output yet. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A script builder that has printed what every XTF guest prints first: the banner, the
     * {@code Environment:} line and the test's title.
     */
    public static Builder xtf(Environment environment, String title) {
        return new Builder()
                .print(XTF_BANNER)
                .print("Environment: " + environment.banner())
                .print(title);
    }

    /** Builds a {@link GuestScript} step by step; the end methods build it. */
    public static final class Builder {
        private final List<GuestStep> steps = new ArrayList<>();

        private Builder() {}

        /** One line, ended with {@code \r\n}. */
        public Builder print(String line) {
            steps.add(new GuestStep.Print(line));
            return this;
        }

        /** Bytes exactly as given. */
        public Builder raw(byte[] bytes) {
            steps.add(new GuestStep.Raw(bytes));
            return this;
        }

        /** A wait, scaled by the host's time scale. */
        public Builder sleep(Duration duration) {
            steps.add(new GuestStep.Sleep(duration));
            return this;
        }

        /** Filler lines totalling exactly {@code bytes} bytes. */
        public Builder flood(long bytes) {
            steps.add(new GuestStep.Flood(bytes));
            return this;
        }

        /** Crashes here on the guest's first run on a host; carries on at later runs. */
        public Builder crashFirstRun() {
            steps.add(new GuestStep.CrashFirstRun());
            return this;
        }

        /** Xenconsoled or logrotate acts on the guest's log at this point. */
        public Builder console(GuestStep.LogAction action) {
            steps.add(new GuestStep.Console(action));
            return this;
        }

        private boolean ended() {
            return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof GuestStep.End;
        }

        /** XTF's result line, {@code Test result: <word>}; the word is not checked, so tests can print nonsense. */
        public Builder result(String word) {
            return print("Test result: " + word);
        }

        /**
         * XTF's {@code panic()}: a line of 30 stars, {@code PANIC: <message>} (which may hold further
         * lines), 30 stars. Follow it with {@link #crash()}.
         */
        public Builder panic(String message) {
            String stars = "*".repeat(30);
            print(stars);
            for (String line : ("PANIC: " + message).split("\n", -1)) {
                print(line);
            }
            return print(stars);
        }

        /** Ends with the given end and builds the script. */
        public GuestScript end(GuestEnd how) {
            steps.add(new GuestStep.End(how));
            return new GuestScript(steps);
        }

        public GuestScript poweroff() {
            return end(GuestEnd.POWEROFF);
        }

        public GuestScript crash() {
            return end(GuestEnd.CRASH);
        }

        public GuestScript reboot() {
            return end(GuestEnd.REBOOT);
        }

        public GuestScript watchdog() {
            return end(GuestEnd.WATCHDOG);
        }

        public GuestScript hang() {
            return end(GuestEnd.HANG);
        }
    }
}
