package org.xtfharness.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xtfharness.time.TimeSource;

/**
 * Time that moves only when told: {@link #sleep} returns at once and advances both the wall clock
 * and the monotonic tick by the duration asked for, so a test of waiting code takes no real time.
 * An action set with {@link #onSleep} runs before each sleep advances time (a file growing while
 * the code under test waits, say).
 */
public final class ManualTime implements TimeSource {

    private Instant now;
    private long nanos;
    private final List<Duration> sleeps = new ArrayList<>();
    private volatile Runnable onSleep = () -> {};

    /** Starts at 2024-03-01T12:00:00Z. */
    public ManualTime() {
        this(Instant.parse("2024-03-01T12:00:00Z"));
    }

    public ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        onSleep.run();
        synchronized (this) {
            sleeps.add(duration);
            if (!duration.isNegative()) {
                advanceLocked(duration);
            }
        }
    }

    /** Moves time forward without a sleep. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        advanceLocked(d);
    }

    /** Runs before each sleep advances time. */
    public void onSleep(Runnable action) {
        this.onSleep = action;
    }

    /** Every sleep asked for, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    private void advanceLocked(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }
}
