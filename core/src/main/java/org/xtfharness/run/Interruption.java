package org.xtfharness.run;

import java.util.Objects;

/**
 * Why a run stopped before its last instance, and the exit code that says so: the same number in
 * the summary, every report and the process's own exit status.
 *
 * @param reason what stopped it, for people ({@code SIGINT}, "a result could not be journalled")
 * @param exitCode the run's exit code: 128 + the signal's number for a signal, as a shell reports it
 */
public record Interruption(String reason, int exitCode) {

    public Interruption {
        Objects.requireNonNull(reason, "reason");
        if (exitCode < 1 || exitCode > 255) {
            throw new IllegalArgumentException("an interrupted run's exit code is 1 to 255, not " + exitCode);
        }
    }

    /** Stopped by a signal, e.g. {@code signal("INT", 2)}: exit code 130, as a shell reports it. */
    public static Interruption signal(String name, int number) {
        return new Interruption("SIG" + name, 128 + number);
    }

    /** The exit code of a run stopped because its output could not be written: 128 + SIGPIPE's 13. */
    public static final int OUTPUT_LOST_EXIT = 141;

    /**
     * Stopped because the run's output ({@code what}, e.g. "standard output") could not be written
     * any more: its reader went away, as {@code head -1} does. Exit code 141, what a shell reports
     * for a writer that a closed pipe killed (the JVM ignores SIGPIPE and sees EPIPE instead).
     */
    public static Interruption outputLost(String what) {
        return new Interruption(what + " could not be written", OUTPUT_LOST_EXIT);
    }

    /** Stopped by a caller's {@link Runner#abort()} or by the runner itself: a runner error, exit code 1. */
    public static Interruption aborted(String reason) {
        return new Interruption(reason, RunSummary.RUNNER_ERROR_EXIT);
    }
}
