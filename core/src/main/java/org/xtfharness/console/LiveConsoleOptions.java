package org.xtfharness.console;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xtfharness.domain.XenVersion;
import org.xtfharness.time.TimeSource;

/**
 * How the live console is captured.
 *
 * @param xenconsole the xenconsole program on the host (see {@link XenconsoleLocator})
 * @param xenstoreRead the argv prefix that reads one xenstore path, normally {@code xenstore-read}
 * @param type which console to attach to
 * @param handshake how attach makes sure the client sees the guest's first byte
 * @param quietPeriod once the domain has shut down, capture ends after this long without new output
 * @param drainLimit and at the latest this long after collection starts
 * @param maxBytes output kept; beyond it the oldest is dropped (and counted)
 * @param clientLifetime the longest a console client may live before it is destroyed
 * @param time the deadlines of attach and capture, and the pause between polls
 */
public record LiveConsoleOptions(
        String xenconsole,
        List<String> xenstoreRead,
        ConsoleType type,
        Handshake handshake,
        Duration quietPeriod,
        Duration drainLimit,
        long maxBytes,
        Duration clientLifetime,
        TimeSource time) {

    /** How attach waits for the console client before the domain is unpaused. */
    public enum Handshake {
        /**
         * Xen 4.8 and later: {@code --start-notify-fd}; xenconsole writes one byte {@code 0x00} once it
         * has the console tty open, and only then is the domain unpaused.
         */
        START_NOTIFY_FD,
        /**
         * Older Xen: wait until the tty is in xenstore, start the client, and wait until the client
         * process holds the tty open. Weaker: it shows the client has the tty, not that it reads it.
         */
        TTY_HELD;

        /** {@link #START_NOTIFY_FD} from Xen 4.8 on (and for a version it cannot read), else {@link #TTY_HELD}. */
        public static Handshake forXenVersion(String xenVersion) {
            return XenVersion.parse(xenVersion)
                    .map(v -> v.hasStartNotifyFd() ? START_NOTIFY_FD : TTY_HELD)
                    .orElse(START_NOTIFY_FD);
        }
    }

    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(200);
    public static final Duration DEFAULT_DRAIN_LIMIT = Duration.ofSeconds(5);
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final Duration DEFAULT_CLIENT_LIFETIME = Duration.ofHours(12);

    public LiveConsoleOptions {
        Objects.requireNonNull(xenconsole, "xenconsole");
        if (xenconsole.isEmpty()) {
            throw new IllegalArgumentException("the xenconsole program path is empty");
        }
        xenstoreRead = List.copyOf(xenstoreRead);
        if (xenstoreRead.isEmpty()) {
            throw new IllegalArgumentException("the xenstore-read command is empty");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handshake, "handshake");
        for (Duration d : List.of(quietPeriod, drainLimit, clientLifetime)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("live console durations must be positive: " + d);
            }
        }
        Objects.requireNonNull(time, "time");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
    }

    /** The PV console with the start-notify handshake and default limits. */
    public static LiveConsoleOptions defaults(String xenconsole) {
        return builder(xenconsole).build();
    }

    /** A builder starting from {@link #defaults(String)}. */
    public static Builder builder(String xenconsole) {
        return new Builder(xenconsole);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(xenconsole)
                .xenstoreRead(xenstoreRead)
                .type(type)
                .handshake(handshake)
                .quietPeriod(quietPeriod)
                .drainLimit(drainLimit)
                .maxBytes(maxBytes)
                .clientLifetime(clientLifetime)
                .time(time);
    }

    /** Builds {@link LiveConsoleOptions}; {@link #build()} validates them. */
    public static final class Builder {
        private final String xenconsole;
        private List<String> xenstoreRead = List.of("xenstore-read");
        private ConsoleType type = ConsoleType.PV;
        private Handshake handshake = Handshake.START_NOTIFY_FD;
        private Duration quietPeriod = DEFAULT_QUIET_PERIOD;
        private Duration drainLimit = DEFAULT_DRAIN_LIMIT;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration clientLifetime = DEFAULT_CLIENT_LIFETIME;
        private TimeSource time = TimeSource.system();

        private Builder(String xenconsole) {
            this.xenconsole = xenconsole;
        }

        public Builder xenstoreRead(List<String> argv) {
            this.xenstoreRead = argv;
            return this;
        }

        public Builder type(ConsoleType t) {
            this.type = t;
            return this;
        }

        public Builder handshake(Handshake h) {
            this.handshake = h;
            return this;
        }

        public Builder quietPeriod(Duration d) {
            this.quietPeriod = d;
            return this;
        }

        public Builder drainLimit(Duration d) {
            this.drainLimit = d;
            return this;
        }

        public Builder maxBytes(long n) {
            this.maxBytes = n;
            return this;
        }

        public Builder clientLifetime(Duration d) {
            this.clientLifetime = d;
            return this;
        }

        /** Another time source (tests). */
        public Builder time(TimeSource t) {
            this.time = t;
            return this;
        }

        public LiveConsoleOptions build() {
            return new LiveConsoleOptions(
                    xenconsole, xenstoreRead, type, handshake, quietPeriod, drainLimit, maxBytes, clientLifetime, time);
        }
    }
}
