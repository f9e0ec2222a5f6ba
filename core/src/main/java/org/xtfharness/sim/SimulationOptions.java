package org.xtfharness.sim;

import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link SimulatedHost} behaves.
 *
 * @param timestamps xenconsoled's {@code --timestamp=guest}: prefix each line with {@code [YYYY-MM-DD HH:MM:SS] }
 *                   and mark each log open with a {@code Logfile Opened} line
 * @param timeScale multiplies every guest sleep: 1 is real time, 0 makes slow guests instant
 * @param clock the clock for log timestamps (its zone is the host's local time)
 * @param faults failures to inject
 */
public record SimulationOptions(boolean timestamps, double timeScale, Clock clock, SimulatedFaults faults) {

    public SimulationOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(faults, "faults");
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, not " + timeScale);
        }
    }

    /** Timestamps on (as osstest configures xenconsoled), real time, the system clock, no faults. */
    public static SimulationOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** These options with a different fault set. */
    public SimulationOptions withFaults(SimulatedFaults newFaults) {
        return new SimulationOptions(timestamps, timeScale, clock, newFaults);
    }

    /** Builds {@link SimulationOptions}. */
    public static final class Builder {
        private boolean timestamps = true;
        private double timeScale = 1.0;
        private Clock clock = Clock.systemDefaultZone();
        private SimulatedFaults faults = SimulatedFaults.none();

        private Builder() {
        }

        public Builder timestamps(boolean on) {
            this.timestamps = on;
            return this;
        }

        public Builder timeScale(double scale) {
            this.timeScale = scale;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder faults(SimulatedFaults f) {
            this.faults = f;
            return this;
        }

        public SimulationOptions build() {
            return new SimulationOptions(timestamps, timeScale, clock, faults);
        }
    }
}
