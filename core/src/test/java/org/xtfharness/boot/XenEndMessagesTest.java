package org.xtfharness.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xtfharness.domain.ShutdownReason;

class XenEndMessagesTest {

    private static Optional<ShutdownReason> end(String line) {
        return XenEndMessages.end(line, true);
    }

    @Test
    void readsEveryEndHwdomShutdownPrints() {
        assertEquals(Optional.of(ShutdownReason.POWEROFF), end("(XEN) Hardware Dom0 halted: halting machine"));
        assertEquals(
                Optional.of(ShutdownReason.CRASH), end("(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds."));
        assertEquals(
                Optional.of(ShutdownReason.CRASH), end("(XEN) Hardware Dom0 crashed: 'noreboot' set - not rebooting."));
        assertEquals(Optional.of(ShutdownReason.REBOOT), end("(XEN) Hardware Dom0 shutdown: rebooting machine"));
        assertEquals(
                Optional.of(ShutdownReason.WATCHDOG), end("(XEN) Hardware Dom0 shutdown: watchdog rebooting machine"));
        assertEquals(
                Optional.of(ShutdownReason.SOFT_RESET),
                end("(XEN) Hardware domain 0 did unsupported soft reset, rebooting."));
        assertEquals(Optional.of(ShutdownReason.SUSPEND), end("(XEN) Hardware Dom0 shutdown (unknown reason 2): "));
        assertEquals(Optional.of(ShutdownReason.CRASH), end("(XEN) Panic on CPU 0:"));
    }

    @Test
    void readsXensLinesWithConsoleTimestamps() {
        assertEquals(
                Optional.of(ShutdownReason.POWEROFF),
                end("(XEN) [    2.718281] Hardware Dom0 halted: halting machine"));
    }

    @Test
    void ignoresTheGuestPrintingXensWords() {
        assertEquals(Optional.empty(), end("Hardware Dom0 halted: halting machine"));
        assertEquals(Optional.empty(), end("Test result: SUCCESS"));
        assertEquals(Optional.empty(), end("(XEN) Hardware Dom0 halted in no known way"));
    }

    @Test
    void readsAnUnfinishedLineOnlyWhereXenPrintsTheRestLater() {
        assertEquals(Optional.of(ShutdownReason.CRASH), XenEndMessages.end("(XEN) Hardware Dom0 crashed: ", false));
        // "shutdown: " could still become the watchdog's line.
        assertEquals(Optional.empty(), XenEndMessages.end("(XEN) Hardware Dom0 shutdown: rebooting machine", false));
    }
}
