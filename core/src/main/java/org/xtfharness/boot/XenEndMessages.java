package org.xtfharness.boot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.domain.ShutdownReason;

/**
 * Reads how the initial domain ended from Xen's own lines on the serial console, with the exact
 * strings of {@code hwdom_shutdown()} in {@code xen/common/shutdown.c} and {@code panic()} in
 * {@code xen/drivers/char/console.c}. Only Xen's lines count ({@code (XEN)} first, perhaps with a
 * {@code console_timestamps} stamp after it): a guest printing the same words ends nothing.
 */
public final class XenEndMessages {

    /** Xen's prefix on every line it prints itself. */
    public static final String XEN_PREFIX = "(XEN)";

    // "crashed: " and "(unknown reason N): " are printed without a line end, the reboot or halt
    // tail follows later: these two are matched on an unfinished line too.
    private static final Pattern CRASHED = Pattern.compile("Hardware Dom\\d+ crashed:");
    private static final Pattern UNKNOWN = Pattern.compile("Hardware Dom\\d+ shutdown \\(unknown reason (\\d+)\\):");
    private static final Pattern HALTED = Pattern.compile("Hardware Dom\\d+ halted: halting machine");
    private static final Pattern WATCHDOG = Pattern.compile("Hardware Dom\\d+ shutdown: watchdog rebooting machine");
    private static final Pattern REBOOT = Pattern.compile("Hardware Dom\\d+ shutdown: rebooting machine");
    private static final Pattern SOFT_RESET =
            Pattern.compile("Hardware domain \\d+ did unsupported soft reset, rebooting\\.");
    private static final Pattern PANIC = Pattern.compile("Panic on CPU \\d+:");

    private XenEndMessages() {}

    /** Whether Xen printed the line (rather than the guest). */
    public static boolean isXenLine(String line) {
        return line.startsWith(XEN_PREFIX);
    }

    /**
     * How the initial domain ended, if this line says so.
     *
     * @param line one serial line, line end removed
     * @param complete whether the line has ended; an unfinished one is matched only where Xen
     *     prints the rest later
     */
    public static Optional<ShutdownReason> end(String line, boolean complete) {
        if (!isXenLine(line)) {
            return Optional.empty();
        }
        if (CRASHED.matcher(line).find()) {
            return Optional.of(ShutdownReason.CRASH);
        }
        Matcher unknown = UNKNOWN.matcher(line);
        if (unknown.find()) {
            try {
                return Optional.of(ShutdownReason.fromCode(Integer.parseInt(unknown.group(1))));
            } catch (NumberFormatException e) {
                return Optional.of(ShutdownReason.UNKNOWN);
            }
        }
        if (!complete) {
            return Optional.empty();
        }
        if (HALTED.matcher(line).find()) {
            return Optional.of(ShutdownReason.POWEROFF);
        }
        if (WATCHDOG.matcher(line).find()) {
            return Optional.of(ShutdownReason.WATCHDOG);
        }
        if (REBOOT.matcher(line).find()) {
            return Optional.of(ShutdownReason.REBOOT);
        }
        if (SOFT_RESET.matcher(line).find()) {
            return Optional.of(ShutdownReason.SOFT_RESET);
        }
        // Xen itself gave up (dom0 could not be built, a fatal fault): the test did not get to its end.
        if (PANIC.matcher(line).find()) {
            return Optional.of(ShutdownReason.CRASH);
        }
        return Optional.empty();
    }
}
