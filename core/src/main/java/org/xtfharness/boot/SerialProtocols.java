package org.xtfharness.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.result.XtfResultParser;

/** The two ways an instance's serial log is read. */
final class SerialProtocols {

    private SerialProtocols() {}

    /** The test as the initial domain (x86, and arm64 through {@code guest-loader}). */
    static SerialProtocol initialDomain() {
        return InitialDomain.INSTANCE;
    }

    /** The test as the one dom0less domU (arm64). */
    static SerialProtocol domU() {
        return DomU.INSTANCE;
    }

    /**
     * The initial domain writes its console ({@code console_io}) to Xen's serial port as it is,
     * with no prefix: its lines are every line that is not Xen's; its end is Xen's {@code Hardware
     * Dom0 ...} message ({@link XenEndMessages}).
     */
    private static final class InitialDomain implements SerialProtocol {
        static final InitialDomain INSTANCE = new InitialDomain();

        @Override
        public Optional<End> end(String line, boolean complete) {
            return XenEndMessages.end(line, complete).map(r -> new End(r, false));
        }

        @Override
        public List<String> guestLines(List<String> lines) {
            List<String> guest = new ArrayList<>();
            for (String line : lines) {
                if (!XenEndMessages.isXenLine(line)) {
                    guest.add(line);
                }
            }
            return guest;
        }

        @Override
        public String describe() {
            return "Xen's own lines left out";
        }
    }

    /**
     * A dom0less domU's two consoles as Xen prints them (xen.git 4.17 and 4.20):
     *
     * <ul>
     *   <li>{@code console_io} hypercalls, through {@code guest_printk} ({@code
     *       xen/drivers/char/console.c}): {@code (d1) [ts] TEXT}, shown with {@code guest_loglvl=all};
     *   <li>its vpl011 UART with Xen as the backend ({@code vpl011_write_data_xen} in {@code
     *       xen/arch/arm/vpl011.c}): {@code (XEN) [ts] DOM1: TEXT} while Xen, not the domain, has
     *       the serial input. Boot mode's {@code conswitch=ax} keeps the input with Xen: with the
     *       input on the domain (4.20's default) the same text comes out as {@code (XEN) TEXT}, which
     *       nothing tells from Xen's own lines, and is never read.
     * </ul>
     *
     * A test that writes every line to both would be read twice; its lines are taken from {@code
     * console_io} when it printed there at all (Xen keeps a line of up to 200 bytes whole there,
     * where vpl011 cuts at 126), else from vpl011. Xen does not announce a domU's end ({@code
     * domain_shutdown()} in {@code xen/common/domain.c} prints nothing but for the hardware
     * domain): the end is the test's result or panic line (settled), Xen's {@code Domain N
     * (vcpu#V) crashed on cpu#C:} ({@code __domain_crash()}), or Xen's own panic.
     */
    private static final class DomU implements SerialProtocol {
        static final DomU INSTANCE = new DomU();

        // The stamp console_timestamps puts after the prefix ([    1.234567], [2026-12-07 23:00:00]...),
        // one only: boot mode asks for stamps, so a test's line starting like one keeps its own.
        private static final String STAMP = "(?:\\[[0-9 .:T-]+\\] )?";
        private static final Pattern CONSOLE_IO = Pattern.compile("\\(d\\d+\\) " + STAMP + "(.*)", Pattern.DOTALL);
        private static final Pattern VPL011 = Pattern.compile("\\(XEN\\) " + STAMP + "DOM\\d+: (.*)", Pattern.DOTALL);
        private static final Pattern CRASHED = Pattern.compile("Domain \\d+ \\(vcpu#\\d+\\) crashed on cpu#\\d+:");
        private static final Pattern PANIC = Pattern.compile("Panic on CPU \\d+:");
        private static final String TEST_PANIC = "PANIC: ";

        @Override
        public Optional<End> end(String line, boolean complete) {
            if (XenEndMessages.isXenLine(line)) {
                if (CRASHED.matcher(line).find()
                        || complete && PANIC.matcher(line).find()) {
                    return Optional.of(new End(ShutdownReason.CRASH, false));
                }
            }
            if (!complete) {
                return Optional.empty();
            }
            Optional<String> text = guestText(line);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (text.get().startsWith(XtfResultParser.RESULT_PREFIX)) {
                return Optional.of(new End(ShutdownReason.POWEROFF, true));
            }
            if (text.get().startsWith(TEST_PANIC)) {
                // XTF's panic() then shuts the domain down as crashed, which Xen does not print.
                return Optional.of(new End(ShutdownReason.CRASH, true));
            }
            return Optional.empty();
        }

        /** The test's text in a line of either console. */
        static Optional<String> guestText(String line) {
            Matcher m = CONSOLE_IO.matcher(line);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
            Matcher v = VPL011.matcher(line);
            return v.matches() ? Optional.of(v.group(1)) : Optional.empty();
        }

        @Override
        public List<String> guestLines(List<String> lines) {
            List<String> consoleIo = new ArrayList<>();
            List<String> vpl011 = new ArrayList<>();
            for (String raw : lines) {
                String line = raw.strip();
                Matcher m = CONSOLE_IO.matcher(line);
                if (m.matches()) {
                    consoleIo.add(m.group(1));
                    continue;
                }
                Matcher v = VPL011.matcher(line);
                if (v.matches()) {
                    vpl011.add(v.group(1));
                }
            }
            return consoleIo.isEmpty() ? vpl011 : consoleIo;
        }

        @Override
        public String describe() {
            return "the domU's console_io lines, else its vpl011 lines";
        }
    }
}
