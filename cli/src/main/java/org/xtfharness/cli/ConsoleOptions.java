package org.xtfharness.cli;

import java.util.List;
import java.util.Set;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.ConsoleType;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.console.XenconsoleLocator;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.doctor.Finding;
import org.xtfharness.doctor.Severity;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.process.CommandRunner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a run's console output comes from: xenconsoled's log or the live console. */
final class ConsoleOptions {

    enum Mode {
        LOG,
        LIVE,
        AUTO
    }

    /** Doctor findings that only matter for reading xenconsoled's log, not for the live console. */
    static final Set<String> LOG_ONLY_FINDINGS =
            Set.of("GUEST_LOGGING_OFF", "LOG_DIR_MISSING", "LOG_DIR_NOT_WRITABLE", "LOG_DIR_FULL", "LOG_DIR_MISMATCH");

    @Option(
            names = "--console",
            paramLabel = "log|live|auto",
            defaultValue = "log",
            description = "Where console output comes from: xenconsoled's guest log (default); the live console "
                    + "through xenconsole, attached before the guest runs; or auto: the log when the running "
                    + "xenconsoled logs guests, else live. With live and guest logging on, the two are cross-checked.")
    String console;

    @Option(
            names = "--console-type",
            paramLabel = "pv|serial|vuart",
            defaultValue = "pv",
            description = "Live console: which console xenconsole attaches to (default: ${DEFAULT-VALUE}).")
    String consoleType;

    @Option(
            names = "--xenconsole",
            paramLabel = "PATH",
            description =
                    "Live console: the xenconsole program on the host. Default: where xl would run it from, the first of "
                            + "/usr/lib/xen-<version>/bin, <xl's prefix>/lib/xen/bin, /usr/local/lib/xen/bin (Xen's "
                            + "default install), /usr/lib64/xen/bin, /usr/libexec/xen/bin, /usr/lib/xen/bin, "
                            + "then the host's PATH, that has it (`doctor` says which).")
    String xenconsole;

    List<String> xenstoreRead = List.of("xenstore-read");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--xenstore-read",
            paramLabel = "COMMAND",
            defaultValue = "xenstore-read",
            description = "Live console: the xenstore-read command on the host (default: ${DEFAULT-VALUE}); "
                    + "like --xl, a program and any leading arguments, separated by spaces.")
    void xenstoreRead(String value) {
        xenstoreRead = HostOptions.words(command, "--xenstore-read", value);
    }

    Mode mode() {
        return switch (console) {
            case "log" -> Mode.LOG;
            case "live" -> Mode.LIVE;
            case "auto" -> Mode.AUTO;
            default -> throw new ConfigurationException("--console takes log, live or auto, not '" + console + "'");
        };
    }

    /**
     * Checks every console option's value before anything runs, whatever the mode: a typo such as
     * {@code --console-type bogus} is refused even with {@code --console log}, where it would be unused.
     */
    void validate() {
        mode();
        type();
    }

    private ConsoleType type() {
        try {
            return ConsoleType.parse(consoleType);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--console-type: " + e.getMessage());
        }
    }

    /** Whether the doctor says the running xenconsoled logs guests. */
    static boolean logsGuests(DoctorReport report) {
        return report != null && report.find("GUEST_LOGGING").isPresent();
    }

    /** {@link Mode#AUTO} made concrete from the doctor's report (no report: the log, as before). */
    Mode resolve(DoctorReport report) {
        Mode m = mode();
        if (m != Mode.AUTO) {
            return m;
        }
        return report == null || logsGuests(report) ? Mode.LOG : Mode.LIVE;
    }

    /** The doctor's errors that stop a run with this console: the log's own problems do not stop a live run. */
    static List<Finding> blocking(DoctorReport report, Mode resolved) {
        return report.withSeverity(Severity.ERROR).stream()
                .filter(f -> resolved != Mode.LIVE || !LOG_ONLY_FINDINGS.contains(f.code()))
                .toList();
    }

    /** The console source for a resolved mode on the session's host. */
    ConsoleSource source(Session s, Mode resolved, DoctorReport report) {
        return source(s, resolved, report, s.host.commands());
    }

    /** The same, with the live console's commands run by {@code commands} (the session host's, or a wrapper). */
    ConsoleSource source(Session s, Mode resolved, DoctorReport report, CommandRunner commands) {
        if (resolved == Mode.LOG) {
            return s.console;
        }
        ConsoleType type = type();
        String version = s.domains.capabilities().xenVersion();
        String program = xenconsole != null ? xenconsole : XenconsoleLocator.locate(s.host, version, s.xlCommand());
        LiveConsoleOptions o = LiveConsoleOptions.builder(program)
                .type(type)
                .xenstoreRead(xenstoreRead)
                .handshake(LiveConsoleOptions.Handshake.forXenVersion(version))
                .build();
        ConsoleSource live = ConsoleSources.live(commands, o);
        return logsGuests(report) ? ConsoleSources.crossChecked(live, s.console) : live;
    }
}
