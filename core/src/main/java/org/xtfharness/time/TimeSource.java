package org.xtfharness.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the harness sees it: the wall clock (for reports and journals), a monotonic tick (for
 * deadlines, which must not jump when the wall clock is set) and sleeping. Every part of the harness
 * that waits or measures takes one of these, so a test can drive time by hand instead of sleeping.
 *
 * <p>Implementations are thread-safe.
 */
public interface TimeSource {

    /** The wall-clock time now. */
    Instant now();

    /** A monotonic reading in nanoseconds, meaningful only as a difference between two readings. */
    long nanoTime();

    /**
     * Sleeps for {@code duration}; a zero or negative duration returns at once.
     *
     * @throws InterruptedException if the thread is interrupted while sleeping
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The time elapsed since an earlier {@link #nanoTime()} reading. */
    default Duration since(long startNanos) {
        return Duration.ofNanos(nanoTime() - startNanos);
    }

    /** This machine's clocks: {@link Instant#now()}, {@link System#nanoTime()}, {@link Thread#sleep}. */
    static TimeSource system() {
        return SystemTime.INSTANCE;
    }
}
