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
        return new LiveConsoleOptions(
                xenconsole,
                List.of("xenstore-read"),
                ConsoleType.PV,
                Handshake.START_NOTIFY_FD,
                DEFAULT_QUIET_PERIOD,
                DEFAULT_DRAIN_LIMIT,
                DEFAULT_MAX_BYTES,
                DEFAULT_CLIENT_LIFETIME,
                TimeSource.system());
    }

    public LiveConsoleOptions withType(ConsoleType t) {
        return new LiveConsoleOptions(
                xenconsole, xenstoreRead, t, handshake, quietPeriod, drainLimit, maxBytes, clientLifetime, time);
    }

    public LiveConsoleOptions withHandshake(Handshake h) {
        return new LiveConsoleOptions(
                xenconsole, xenstoreRead, type, h, quietPeriod, drainLimit, maxBytes, clientLifetime, time);
    }

    public LiveConsoleOptions withXenstoreRead(List<String> argv) {
        return new LiveConsoleOptions(
                xenconsole, argv, type, handshake, quietPeriod, drainLimit, maxBytes, clientLifetime, time);
    }

    public LiveConsoleOptions withQuietPeriod(Duration d) {
        return new LiveConsoleOptions(
                xenconsole, xenstoreRead, type, handshake, d, drainLimit, maxBytes, clientLifetime, time);
    }

    public LiveConsoleOptions withMaxBytes(long n) {
        return new LiveConsoleOptions(
                xenconsole, xenstoreRead, type, handshake, quietPeriod, drainLimit, n, clientLifetime, time);
    }

    /** These options with another time source (tests). */
    public LiveConsoleOptions withTime(TimeSource t) {
        return new LiveConsoleOptions(
                xenconsole, xenstoreRead, type, handshake, quietPeriod, drainLimit, maxBytes, clientLifetime, t);
    }
}
