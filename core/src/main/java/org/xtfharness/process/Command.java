package org.xtfharness.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One program invocation: arguments as arguments, never a shell string, and a deadline.
 *
 * @param argv the program and its arguments
 * @param timeout after this the process is killed and the result says it timed out
 */
public record Command(List<String> argv, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        for (String a : argv) {
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an argument cannot hold a NUL byte: " + argv.get(0));
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command needs a positive timeout");
        }
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT);
    }

    /** The command as a person would type it, for messages only: never executed. */
    public String display() {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(a.matches("[A-Za-z0-9_./=:@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
