package org.xtfharness.sim;

import java.util.Optional;
import org.xtfharness.domain.ShutdownReason;

/** How a simulated guest ends once its script has run: a shutdown with a reason, or never (a hang). */
public enum GuestEnd {
    /** A clean {@code SCHEDOP_shutdown(poweroff)}: what XTF does after printing its result. */
    POWEROFF(ShutdownReason.POWEROFF),
    /** A crash shutdown: what XTF's {@code panic()} ends in. */
    CRASH(ShutdownReason.CRASH),
    /** A reboot: how an HVM triple fault reaches the toolstack. */
    REBOOT(ShutdownReason.REBOOT),
    /** The domain's watchdog fired. */
    WATCHDOG(ShutdownReason.WATCHDOG),
    /** No shutdown at all: the guest spins until it is destroyed. */
    HANG(null);

    private final ShutdownReason reason;

    GuestEnd(ShutdownReason reason) {
        this.reason = reason;
    }

    /** The shutdown reason this end gives the domain; empty for {@link #HANG}. */
    public Optional<ShutdownReason> reason() {
        return Optional.ofNullable(reason);
    }
}
