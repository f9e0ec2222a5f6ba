package org.xtfharness.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Runner} runs: the knobs with their defaults.
 *
 * @param jobs how many instances run at once
 * @param timeoutScale multiplies every instance's timeout (slow hosts, emulation)
 * @param attachDeadline how long a live console may take to attach
 * @param captureEvidence capture {@code xl list -l} and {@code xl dmesg} for anything but SUCCESS
 * @param excerptLines console lines kept as evidence
 * @param hypervisorLogLines {@code xl dmesg} lines kept as evidence
 * @param abortGrace how long an abort waits for in-flight instances to wind down
 * @param hostDescription where the run happens, for reports (a simulated host says so here)
 */
public record RunOptions(
        int jobs,
        double timeoutScale,
        Duration attachDeadline,
        boolean captureEvidence,
        int excerptLines,
        int hypervisorLogLines,
        Duration abortGrace,
        String hostDescription) {

    /** The largest timeout scale: slower than this is no host, and a larger one overflows deadlines. */
    public static final double MAX_TIMEOUT_SCALE = 1000;

    /**
     * The smallest timeout scale: a 30 s default becomes 0.3 s. Below it every instance would time
     * out before its guest could boot ("timed out after 0.0 s"), which is no run at all.
     */
    public static final double MIN_TIMEOUT_SCALE = 0.01;

    /** The valid range of the timeout scale, in words, for messages. */
    public static final String TIMEOUT_SCALE_RANGE =
            "a number from " + MIN_TIMEOUT_SCALE + " to " + (int) MAX_TIMEOUT_SCALE;

    public RunOptions {
        if (jobs < 1 || jobs > 256) {
            throw new IllegalArgumentException("jobs must be 1 to 256, not " + jobs);
        }
        if (!(timeoutScale >= MIN_TIMEOUT_SCALE && timeoutScale <= MAX_TIMEOUT_SCALE)) {
            throw new IllegalArgumentException(
                    "timeout scale must be " + TIMEOUT_SCALE_RANGE + ", not " + timeoutScale);
        }
        Objects.requireNonNull(attachDeadline, "attachDeadline");
        Objects.requireNonNull(abortGrace, "abortGrace");
        Objects.requireNonNull(hostDescription, "hostDescription");
        if (excerptLines < 0 || hypervisorLogLines < 0) {
            throw new IllegalArgumentException("line counts must not be negative");
        }
    }

    /** One job, timeouts as the tests give them, evidence captured, on {@code local}. */
    public static RunOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .jobs(jobs)
                .timeoutScale(timeoutScale)
                .attachDeadline(attachDeadline)
                .captureEvidence(captureEvidence)
                .excerptLines(excerptLines)
                .hypervisorLogLines(hypervisorLogLines)
                .abortGrace(abortGrace)
                .host(hostDescription);
    }

    /** An instance's timeout after scaling, at least one millisecond. */
    public Duration scaled(Duration timeout) {
        return Duration.ofMillis(Math.max(1, Math.round(timeout.toMillis() * timeoutScale)));
    }

    /** Builds {@link RunOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private int jobs = 1;
        private double timeoutScale = 1.0;
        private Duration attachDeadline = Duration.ofSeconds(10);
        private boolean captureEvidence = true;
        private int excerptLines = Evidence.EXCERPT_LINES;
        private int hypervisorLogLines = 50;
        private Duration abortGrace = Duration.ofSeconds(15);
        private String hostDescription = "local";

        private Builder() {}

        /** How many instances run at once (1 to 256). */
        public Builder jobs(int n) {
            this.jobs = n;
            return this;
        }

        /** Multiplies every instance's timeout ({@link #MIN_TIMEOUT_SCALE} to {@link #MAX_TIMEOUT_SCALE}). */
        public Builder timeoutScale(double s) {
            this.timeoutScale = s;
            return this;
        }

        public Builder attachDeadline(Duration d) {
            this.attachDeadline = d;
            return this;
        }

        public Builder captureEvidence(boolean on) {
            this.captureEvidence = on;
            return this;
        }

        public Builder excerptLines(int n) {
            this.excerptLines = n;
            return this;
        }

        public Builder hypervisorLogLines(int n) {
            this.hypervisorLogLines = n;
            return this;
        }

        public Builder abortGrace(Duration d) {
            this.abortGrace = d;
            return this;
        }

        /** Where the run happens, for reports. */
        public Builder host(String description) {
            this.hostDescription = description;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(
                    jobs,
                    timeoutScale,
                    attachDeadline,
                    captureEvidence,
                    excerptLines,
                    hypervisorLogLines,
                    abortGrace,
                    hostDescription);
        }
    }
}
