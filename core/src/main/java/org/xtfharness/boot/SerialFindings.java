package org.xtfharness.boot;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.Command;
import org.xtfharness.time.TimeSource;

/**
 * What a boot-mode timeout means, from what the serial log showed ({@link SerialLogScanner}):
 *
 * <ul>
 *   <li>Xen never printed a complete line of its own ({@code (XEN)} first, which its very first
 *       message, {@code Xen version ...}, has) before the deadline: QEMU or the hypervisor did not
 *       boot, so the test never ran. That is an infrastructure error, never a verdict on the test.
 *   <li>Otherwise the test timed out, with a note of whether output was still arriving in the last
 *       {@link #activeWindow} before the deadline (a slow or loaded host) or the console had gone
 *       quiet (a hang).
 * </ul>
 */
final class SerialFindings {

    /** How long {@link #xenEvidence} may spend catching up with the log. */
    static final Duration EVIDENCE_READ = Duration.ofSeconds(2);

    private SerialFindings() {}

    /** Throws an infrastructure error when Xen never printed a line of its own by the deadline. */
    static void requireXenBooted(BootInstance i, SerialLogScanner scan, Duration waited, String more) {
        if (scan.xenLineCount() > 0) {
            return;
        }
        throw new InfrastructureException("QEMU for " + i.name + " ran " + seconds(waited)
                + " and Xen never printed a line of its own on the serial console (" + scan.bytesRead()
                + " bytes in " + i.serial + "): the hypervisor did not boot, so the test never ran; `"
                + new Command(i.argv, TestInstance.MAX_TIMEOUT).display() + "`" + more);
    }

    /**
     * The window before the deadline in which arriving output means "still printing": 5 s, or half
     * the timeout when that is shorter.
     */
    static Duration activeWindow(Duration waited) {
        Duration half = waited.dividedBy(2);
        Duration five = Duration.ofSeconds(5);
        return half.compareTo(five) < 0 ? half : five;
    }

    /** The note for a wait that timed out after {@code waited}: was the console still busy, or quiet? */
    static String activity(SerialLogScanner scan, Duration waited) {
        return activity(scan.bytesRead(), scan.sinceLastBytes().orElse(null), waited);
    }

    /**
     * The note for a timeout.
     *
     * @param bytes console bytes read in all
     * @param quiet how long before the timeout the last of them arrived; null if none did
     * @param waited how long the wait lasted
     */
    static String activity(long bytes, Duration quiet, Duration waited) {
        if (quiet == null || bytes == 0) {
            return "the console stayed empty until the timeout: a hang, not a slow host";
        }
        if (quiet.compareTo(activeWindow(waited)) <= 0) {
            return "output was still arriving when the timeout hit (the last bytes " + seconds(quiet)
                    + " before it, " + bytes + " bytes in all): a slow or loaded host rather than a hang;"
                    + " a longer --timeout or --timeout-scale may let it finish";
        }
        return "the console had been quiet for " + seconds(quiet) + " when the timeout hit (" + bytes
                + " bytes in all): a hang rather than a slow host";
    }

    /** The tail of Xen's own lines, the log read up to its end first (for at most {@link #EVIDENCE_READ}). */
    static String xenEvidence(SerialLogScanner scan, TimeSource time) {
        scan.next(false, time.nanoTime() + EVIDENCE_READ.toNanos());
        List<String> tail = scan.xenTail();
        return "Xen's console (last " + tail.size() + " of " + scan.xenLineCount() + " lines"
                + (scan.caughtUp() ? "" : ", the log read up to byte " + scan.bytesRead() + " only")
                + "):\n" + String.join("\n", tail);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
