package org.xtfharness.process;

import java.io.InputStream;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A command started by {@link CommandRunner#start} that is still running, or was: its standard
 * output as a stream, its standard error kept (bounded) for messages.
 *
 * <p>Its standard input is a pipe the harness holds open and never writes to, so a program that
 * quits at end of input (xenconsole does) keeps running until it is done or destroyed.
 */
public interface RunningCommand extends AutoCloseable {

    /** What was started. */
    Command command();

    /** Standard output as it is produced; end of stream once the program (and whoever shared it) closed it. */
    InputStream stdout();

    /** Standard error written so far, at most 64 KiB of it. */
    String stderr();

    /** Whether the program still runs. */
    boolean isAlive();

    /**
     * Waits up to {@code timeout} for the program to end.
     *
     * @return its exit status (128 + signal when killed by one), or empty if it still runs
     */
    OptionalInt waitFor(Duration timeout);

    /** Ends the program (and, locally, its descendants): SIGTERM, then SIGKILL after a short grace. Idempotent. */
    void destroy();

    /** Same as {@link #destroy()}. */
    @Override
    default void close() {
        destroy();
    }
}
