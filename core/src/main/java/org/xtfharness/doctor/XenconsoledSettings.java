package org.xtfharness.doctor;

import java.util.List;
import java.util.Objects;

/**
 * What a xenconsoled command line means, read the way xenconsoled's own {@code getopt_long} reads
 * it (xen-project/xen: tools/console/daemon/main.c). Two details matter: {@code --log} has no short
 * form and only ever switches logging on ({@code --log=none} after {@code --log=guest} changes
 * nothing), while {@code -t/--timestamp=none} switches timestamps off again; unknown values are
 * ignored. Long options may be abbreviated to any unambiguous prefix.
 *
 * @param logGuest guest consoles are written to {@code <logDir>/guest-<name>.log}
 * @param logHypervisor the hypervisor console is written to {@code <logDir>/hypervisor.log}
 * @param logDir the log directory
 * @param timestampGuest guest log lines carry {@code [YYYY-MM-DD HH:MM:SS] }
 */
public record XenconsoledSettings(boolean logGuest, boolean logHypervisor, String logDir, boolean timestampGuest) {

    /** xenconsoled's built-in log directory ({@code XEN_LOG_DIR "/console"}). */
    public static final String DEFAULT_LOG_DIR = "/var/log/xen/console";

    private static final List<String> LONG_OPTIONS = List.of(
            "help",
            "version",
            "verbose",
            "interactive",
            "log",
            "log-dir",
            "pid-file",
            "timestamp",
            "overflow-data",
            "replace-escape");
    private static final List<String> WITH_ARGUMENT =
            List.of("log", "log-dir", "pid-file", "timestamp", "overflow-data");

    public XenconsoledSettings {
        Objects.requireNonNull(logDir, "logDir");
    }

    /** Parses the arguments after the program name. */
    public static XenconsoledSettings parse(List<String> args) {
        boolean guest = false;
        boolean hv = false;
        boolean tsGuest = false;
        String dir = DEFAULT_LOG_DIR;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--")) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                String name = eq >= 0 ? body.substring(0, eq) : body;
                String opt = resolveLong(name);
                if (opt == null) {
                    continue;
                }
                String value = null;
                if (WITH_ARGUMENT.contains(opt)) {
                    if (eq >= 0) {
                        value = body.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        continue;
                    }
                }
                switch (opt) {
                    case "log" -> {
                        guest |= value.equals("all") || value.equals("guest");
                        hv |= value.equals("all") || value.equals("hv");
                    }
                    case "log-dir" -> dir = value;
                    case "timestamp" -> tsGuest = timestamp(value, tsGuest);
                    default -> {}
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                // Short options: only -t and -o take a value, attached or as the next argument.
                for (int c = 1; c < a.length(); c++) {
                    char ch = a.charAt(c);
                    if (ch == 't' || ch == 'o') {
                        String value =
                                c + 1 < a.length() ? a.substring(c + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                        if (ch == 't' && value != null) {
                            tsGuest = timestamp(value, tsGuest);
                        }
                        break;
                    }
                }
            }
        }
        return new XenconsoledSettings(guest, hv, dir, tsGuest);
    }

    private static boolean timestamp(String value, boolean current) {
        return switch (value) {
            case "all", "guest" -> true;
            case "none" -> false;
            default -> current;
        };
    }

    private static String resolveLong(String name) {
        if (LONG_OPTIONS.contains(name)) {
            return name;
        }
        List<String> candidates =
                LONG_OPTIONS.stream().filter(o -> o.startsWith(name)).toList();
        return candidates.size() == 1 && !name.isEmpty() ? candidates.get(0) : null;
    }

    /** A short description for messages, e.g. {@code --log=guest, --timestamp=guest, dir /var/log/xen/console}. */
    public String describe() {
        String log = logGuest && logHypervisor ? "all" : logGuest ? "guest" : logHypervisor ? "hv" : "none";
        return "guest logging " + (logGuest ? "on" : "off") + " (log=" + log + "), guest timestamps "
                + (timestampGuest ? "on" : "off") + ", log dir " + logDir;
    }
}
