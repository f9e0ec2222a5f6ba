package org.xtfharness.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xtfharness.catalog.Environment;

/**
 * What a simulated guest does after it is unpaused: its console output, its pauses, and how it
 * ends. A value, so tests can build their own guests:
 *
 * <pre>{@code
 * GuestScript.xtf(Environment.PV64, "My test").print("Fail: x != y").result("FAILURE").poweroff();
 * }</pre>
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

    /** A script builder with no output yet. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A script builder that has printed what every XTF guest prints first: the banner, the
     * {@code Environment:} line and the test's title.
     */
    public static Builder xtf(Environment environment, String title) {
        return new Builder().print(XTF_BANNER).print("Environment: " + environment.banner()).print(title);
    }

    /** Builds a {@link GuestScript} step by step; the end methods build it. */
    public static final class Builder {
        private final List<GuestStep> steps = new ArrayList<>();

        private Builder() {
        }

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
