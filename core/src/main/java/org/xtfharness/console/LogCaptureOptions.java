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
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().maxBytes(maxBytes).settle(settleQuiet, settleMax).time(time);
    }

    /** Builds {@link LogCaptureOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration settleQuiet = DEFAULT_SETTLE_QUIET;
        private Duration settleMax = DEFAULT_SETTLE_MAX;
        private TimeSource time = TimeSource.system();

        private Builder() {}

        /** Another byte limit. */
        public Builder maxBytes(long bytes) {
            this.maxBytes = bytes;
            return this;
        }

        /** Other settle times: this long quiet, at most that long. */
        public Builder settle(Duration quiet, Duration max) {
            this.settleQuiet = quiet;
            this.settleMax = max;
            return this;
        }

        /** Another time source (tests). */
        public Builder time(TimeSource t) {
            this.time = t;
            return this;
        }

        public LogCaptureOptions build() {
            return new LogCaptureOptions(maxBytes, settleQuiet, settleMax, time);
        }
    }
}
