package org.xtfharness.sim;

import java.util.Objects;
import org.xtfharness.time.TimeSource;

/**
 * How a {@link SimulatedHost} behaves.
 *
 * @param timestamps xenconsoled's {@code --timestamp=guest}: prefix each line with {@code [YYYY-MM-DD HH:MM:SS] }
 *                   and mark each log open with a {@code Logfile Opened} line
 * @param timeScale multiplies every guest sleep: 1 is real time, 0 makes slow guests instant
 * @param time the simulated host's clocks: log timestamps (UTC) and the time its commands take
 * @param faults failures to inject
 * @param guestLogging whether xenconsoled logs guests ({@code --log=guest}, as Debian's xencommons
 *     has it); off, as on a XenServer host without {@code XENCONSOLED_TRACE}, it writes no guest log
 *     and only a live console client sees a guest's output
 */
public record SimulationOptions(
        boolean timestamps, double timeScale, TimeSource time, SimulatedFaults faults, boolean guestLogging) {

    public SimulationOptions {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(faults, "faults");
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, not " + timeScale);
        }
    }

    /** Timestamps on (as osstest configures xenconsoled), real time, the system clocks, no faults. */
    public static SimulationOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .timestamps(timestamps)
                .timeScale(timeScale)
                .time(time)
                .faults(faults)
                .guestLogging(guestLogging);
    }

    /** Builds {@link SimulationOptions}. */
    public static final class Builder {
        private boolean timestamps = true;
        private double timeScale = 1.0;
        private TimeSource time = TimeSource.system();
        private SimulatedFaults faults = SimulatedFaults.none();
        private boolean guestLogging = true;

        private Builder() {}

        public Builder timestamps(boolean on) {
            this.timestamps = on;
            return this;
        }

        public Builder timeScale(double scale) {
            this.timeScale = scale;
            return this;
        }

        public Builder time(TimeSource t) {
            this.time = t;
            return this;
        }

        public Builder faults(SimulatedFaults f) {
            this.faults = f;
            return this;
        }

        /** Whether xenconsoled logs guests (default on). */
        public Builder guestLogging(boolean on) {
            this.guestLogging = on;
            return this;
        }

        public SimulationOptions build() {
            return new SimulationOptions(timestamps, timeScale, time, faults, guestLogging);
        }
    }
}
