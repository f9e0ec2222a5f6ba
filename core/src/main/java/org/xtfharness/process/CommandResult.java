package org.xtfharness.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How a command ended.
 *
 * @param command what ran
 * @param exitCode the exit status; for a process killed by a signal, 128 + the signal
 * @param stdout everything written to standard output
 * @param stderr standard error, kept for messages
 * @param timedOut the watchdog killed it
 * @param elapsed how long it ran
 */
public record CommandResult(
        Command command, int exitCode, byte[] stdout, String stderr, boolean timedOut, Duration elapsed) {

    public CommandResult {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** Standard output as UTF-8 text (malformed bytes replaced). */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** A one-paragraph description of a failure: the command, how it ended, its stderr. */
    public String describeFailure() {
        String how = timedOut
                ? "timed out after " + command.timeout().toSeconds() + " s"
                : exitCode > 128
                        ? "was killed by signal " + (exitCode - 128) + " (exit " + exitCode + ")"
                        : "exited " + exitCode;
        String err = stderr.strip();
        return "`" + command.display() + "` " + how
                + (err.isEmpty() ? "" : ": " + err.replaceAll("\\s*\\n\\s*", " | "));
    }
}
