package org.xtfharness.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xtfharness.time.TimeSource;

/**
 * How {@link XlDomainController} drives {@code xl}.
 *
 * @param xlCommand the argv prefix that runs xl, {@code ["xl"]} by default; tests use e.g.
 *     {@code ["python3", "/path/xl", "--state", DIR]}
 * @param commandTimeout the deadline of each xl command but create
 * @param createTimeout the deadline of {@code xl create}
 * @param retries how many more times a failed query ({@code list}, {@code info}, {@code unpause},
 *     {@code destroy}) is tried after its first failure; a command that timed out is never retried
 * @param retryBackoff the pause before the first retry, doubling for each further one
 * @param pollStart the first interval between listings while waiting for a shutdown
 * @param pollMax the interval grows (doubling) up to this
 * @param destroyTimeout how long a destroyed domain may linger (dying) before that is a failure
 * @param time deadlines and waiting between polls and retries
 * @param watchCommand the argv prefix of {@code xenstore-watch} on the host, {@code ["xenstore-watch"]} by
 *     default: a wait for a shutdown blocks on it (its {@code @releaseDomain}) where the host has it,
 *     and polls {@code xl list} from here where it has not
 */
public record XlOptions(
        List<String> xlCommand,
        Duration commandTimeout,
        Duration createTimeout,
        int retries,
        Duration retryBackoff,
        Duration pollStart,
        Duration pollMax,
        Duration destroyTimeout,
        TimeSource time,
        List<String> watchCommand) {

    public XlOptions {
        xlCommand = List.copyOf(xlCommand);
        if (xlCommand.isEmpty() || xlCommand.get(0).isEmpty()) {
            throw new IllegalArgumentException("xlCommand needs a program");
        }
        positive(commandTimeout, "commandTimeout");
        positive(createTimeout, "createTimeout");
        positive(pollStart, "pollStart");
        positive(pollMax, "pollMax");
        positive(destroyTimeout, "destroyTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff < 0");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries < 0: " + retries);
        }
        if (pollMax.compareTo(pollStart) < 0) {
            throw new IllegalArgumentException("pollMax " + pollMax + " is shorter than pollStart " + pollStart);
        }
        Objects.requireNonNull(time, "time");
        watchCommand = List.copyOf(watchCommand);
        if (watchCommand.isEmpty() || watchCommand.get(0).isEmpty()) {
            throw new IllegalArgumentException("watchCommand needs a program");
        }
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    /** The defaults: {@code xl} on the PATH, 30 s per command, 120 s for create, 3 retries from 250 ms. */
    public static XlOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .xlCommand(xlCommand)
                .commandTimeout(commandTimeout)
                .createTimeout(createTimeout)
                .retries(retries)
                .retryBackoff(retryBackoff)
                .pollStart(pollStart)
                .pollMax(pollMax)
                .destroyTimeout(destroyTimeout)
                .time(time)
                .watchCommand(watchCommand);
    }

    /** Builds {@link XlOptions}; every knob starts at its default. */
    public static final class Builder {
        private List<String> xlCommand = List.of("xl");
        private Duration commandTimeout = Duration.ofSeconds(30);
        private Duration createTimeout = Duration.ofSeconds(120);
        private int retries = 3;
        private Duration retryBackoff = Duration.ofMillis(250);
        private Duration pollStart = Duration.ofMillis(10);
        private Duration pollMax = Duration.ofMillis(100);
        private Duration destroyTimeout = Duration.ofSeconds(10);
        private TimeSource time = TimeSource.system();
        private List<String> watchCommand = List.of("xenstore-watch");

        private Builder() {}

        public Builder xlCommand(List<String> v) {
            this.xlCommand = v;
            return this;
        }

        public Builder commandTimeout(Duration v) {
            this.commandTimeout = v;
            return this;
        }

        public Builder createTimeout(Duration v) {
            this.createTimeout = v;
            return this;
        }

        public Builder retries(int v) {
            this.retries = v;
            return this;
        }

        public Builder retryBackoff(Duration v) {
            this.retryBackoff = v;
            return this;
        }

        public Builder pollStart(Duration v) {
            this.pollStart = v;
            return this;
        }

        public Builder pollMax(Duration v) {
            this.pollMax = v;
            return this;
        }

        public Builder destroyTimeout(Duration v) {
            this.destroyTimeout = v;
            return this;
        }

        public Builder time(TimeSource v) {
            this.time = v;
            return this;
        }

        public Builder watchCommand(List<String> v) {
            this.watchCommand = v;
            return this;
        }

        public XlOptions build() {
            return new XlOptions(
                    xlCommand,
                    commandTimeout,
                    createTimeout,
                    retries,
                    retryBackoff,
                    pollStart,
                    pollMax,
                    destroyTimeout,
                    time,
                    watchCommand);
        }
    }
}
