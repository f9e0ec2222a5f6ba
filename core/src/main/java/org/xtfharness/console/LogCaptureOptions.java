package org.xtfharness.console;

import java.time.Duration;
import java.util.Objects;
import org.xtfharness.time.TimeSource;

/**
 * Knobs of the xenconsoled log capture.
 *
 * @param maxBytes the most bytes of one run's output kept; the memory a capture holds is bounded by
 *                 it. Output beyond it is dropped from the start (the result is at the end) and counted
 * @param settleQuiet how long the log's size must stay unchanged before it counts as settled:
 *                    xenconsoled may still be draining the console ring after the domain shut down
 * @param settleMax the longest wait for the log to settle; capture goes ahead after it, with a note
 * @param time what settling is timed with and how it waits
 */
public record LogCaptureOptions(long maxBytes, Duration settleQuiet, Duration settleMax, TimeSource time) {

    /** Default {@link #maxBytes}: 32 MiB. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** Default {@link #settleQuiet}: 50 ms. */
    public static final Duration DEFAULT_SETTLE_QUIET = Duration.ofMillis(50);
    /** Default {@link #settleMax}: 2 s. */
    public static final Duration DEFAULT_SETTLE_MAX = Duration.ofSeconds(2);

    public LogCaptureOptions {
        Objects.requireNonNull(settleQuiet, "settleQuiet");
        Objects.requireNonNull(settleMax, "settleMax");
        Objects.requireNonNull(time, "time");
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "maxBytes must be between 1 and " + (Integer.MAX_VALUE - 16) + ": " + maxBytes);
        }
        if (settleQuiet.isNegative() || settleMax.isNegative()) {
            throw new IllegalArgumentException(
                    "settle durations must not be negative: quiet " + settleQuiet + ", max " + settleMax);
        }
    }

    /** 32 MiB, settle after 50 ms of quiet and at most 2 s, the machine's own time. */
    public static LogCaptureOptions defaults() {
        return new LogCaptureOptions(DEFAULT_MAX_BYTES, DEFAULT_SETTLE_QUIET, DEFAULT_SETTLE_MAX, TimeSource.system());
    }

    /** These options with another byte limit. */
    public LogCaptureOptions withMaxBytes(long bytes) {
        return new LogCaptureOptions(bytes, settleQuiet, settleMax, time);
    }

    /** These options with other settle times. */
    public LogCaptureOptions withSettle(Duration quiet, Duration max) {
        return new LogCaptureOptions(maxBytes, quiet, max, time);
    }

    /** These options with another time source (tests). */
    public LogCaptureOptions withTime(TimeSource newTime) {
        return new LogCaptureOptions(maxBytes, settleQuiet, settleMax, newTime);
    }
}
