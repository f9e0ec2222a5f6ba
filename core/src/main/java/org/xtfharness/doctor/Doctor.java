package org.xtfharness.doctor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.console.ConsoleType;
import org.xtfharness.console.LogLayout;
import org.xtfharness.console.XenconsoleLocator;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.XenVersion;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.HarnessException;
import org.xtfharness.host.CommandXenstore;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.host.Xenstore;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

/**
 * Inspects a Xen host and says whether console capture will work, and if not exactly what to
 * change. It only reads, and only through the host's {@link CommandRunner} and {@link HostFiles},
 * so it works the same locally and over ssh.
 *
 * <p>The running xenconsoled's command line ({@code /proc/<pid>/cmdline}) is the truth about what
 * gets logged; the xencommons file is what the next restart will do. The doctor reports both and
 * where they disagree, including the SysV pitfall that {@code XENCONSOLED_TRACE} replaces
 * {@code XENCONSOLED_ARGS}. Any ERROR finding means capture will not work.
 */
public final class Doctor {

    private static final String DEBIAN_CONFIG = "/etc/default/xencommons";
    private static final String RPM_CONFIG = "/etc/sysconfig/xencommons";
    private static final String WANTED_ARGS = "--log=guest --timestamp=all";
    private static final int MAX_SMALL_FILE = 64 * 1024;

    /** Prints the comm path of every process named xenconsoled under {@code $1/proc}. */
    private static final Pattern COMM_PATH = Pattern.compile("/proc/([0-9]+)/comm$");

    private final XenHost host;
    private final DoctorOptions options;
    private final DomainController domains;
    private final Xenstore xenstore;
    private final List<Finding> findings = new ArrayList<>();

    private Doctor(XenHost host, DoctorOptions options, DomainController domains) {
        this.host = Objects.requireNonNull(host, "host");
        this.options = Objects.requireNonNull(options, "options");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.xenstore = new CommandXenstore(host.commands(), options.xenstoreReadCommand(), options.commandTimeout());
    }

    /** Runs every check on the host, asking {@code xl info} itself, and returns what it found. */
    public static DoctorReport inspect(XenHost host, DoctorOptions options) {
        // A check, not a run: one try, so a host without xl answers at once.
        return inspect(
                host,
                options,
                DomainControllers.xl(
                        host.commands(),
                        XlOptions.builder()
                                .xlCommand(options.xlCommand())
                                .commandTimeout(options.commandTimeout())
                                .retries(0)
                                .build()));
    }

    /**
     * Runs every check on the host and returns what it found, reading {@code xl info} through
     * {@code domains}: a run hands in the controller it runs with, so the host is asked once.
     */
    public static DoctorReport inspect(XenHost host, DoctorOptions options, DomainController domains) {
        Doctor d = new Doctor(host, options, domains);
        d.checkAll();
        return new DoctorReport(host.target(), d.findings);
    }

    private void checkAll() {
        boolean systemd = host.files().isDirectory(path("/run/systemd/system"));
        findings.add(
                Finding.info(
                        "INIT_SYSTEM",
                        systemd
                                ? "xenconsoled is started by systemd (xenconsoled.service passes --log=$XENCONSOLED_TRACE --log-dir=$XENCONSOLED_LOG_DIR $XENCONSOLED_ARGS)"
                                : "xenconsoled is started by the SysV xencommons script (XENCONSOLED_TRACE, when set, replaces XENCONSOLED_ARGS)"));
        Optional<XencommonsFile> config = readConfig();
        Optional<XenconsoledSettings> fromFile = config.map(c -> fromFile(c, systemd));
        config.ifPresent(c -> checkConfigPitfalls(c, systemd));

        Optional<XenconsoledSettings> running = runningDaemon(systemd);
        running.ifPresent(r -> checkDaemon(r, fromFile, config, systemd));
        Optional<XenconsoledSettings> effective = running.or(() -> fromFile);
        String logDir = effective.map(XenconsoledSettings::logDir).orElse(XenconsoledSettings.DEFAULT_LOG_DIR);
        checkLogDir(logDir, systemd);
        options.logLayout()
                .ifPresent(
                        layout -> checkLayout(layout, effective.map(XenconsoledSettings::logDir), running.isPresent()));

        checkXenconsole(checkVersions(config));
        options.domain().ifPresent(this::checkDomain);
    }

    // ---- configuration file ------------------------------------------------------------------

    private Optional<XencommonsFile> readConfig() {
        for (String candidate : List.of(DEBIAN_CONFIG, RPM_CONFIG)) {
            if (host.files().stat(path(candidate)).isPresent()) {
                String text = new String(host.files().readAll(path(candidate), MAX_SMALL_FILE), StandardCharsets.UTF_8);
                XencommonsFile f = XencommonsFile.parse(candidate, text);
                findings.add(Finding.info(
                        "CONFIG_FILE",
                        candidate + ": XENCONSOLED_TRACE="
                                + show(f, "XENCONSOLED_TRACE") + ", XENCONSOLED_ARGS=" + show(f, "XENCONSOLED_ARGS")
                                + ", XENCONSOLED_LOG_DIR=" + show(f, "XENCONSOLED_LOG_DIR")));
                return Optional.of(f);
            }
        }
        findings.add(Finding.warning(
                "CONFIG_FILE_MISSING",
                "neither " + DEBIAN_CONFIG + " nor " + RPM_CONFIG
                        + " exists: a restart of xenconsoled will not log guests",
                "create " + DEBIAN_CONFIG + " (Debian) or " + RPM_CONFIG
                        + " (RPM/XenServer) containing XENCONSOLED_ARGS=\"" + WANTED_ARGS + "\""));
        return Optional.empty();
    }

    private static String show(XencommonsFile f, String name) {
        return f.get(name)
                .map(a -> "\"" + a.value() + "\" (line " + a.line() + ")")
                .orElse("unset");
    }

    /**
     * What the init system would start from this file: the one place XENCONSOLED_TRACE is mapped.
     * SysV (xen-project/xen tools/hotplug/Linux/init.d/xencommons.in:69-70, at 01097e01):
     * {@code test -z "$XENCONSOLED_TRACE" || XENCONSOLED_ARGS=" --log=$XENCONSOLED_TRACE"}, so a set
     * TRACE becomes --log=TRACE and replaces ARGS. systemd (tools/hotplug/Linux/systemd/
     * xenconsoled.service.in:10,15): TRACE defaults to none and the unit runs
     * {@code --log=${XENCONSOLED_TRACE} --log-dir=${XENCONSOLED_LOG_DIR} $XENCONSOLED_ARGS}, so both apply.
     * osstest's ts-xen-install writes XENCONSOLED_TRACE=guest, the RPM file documents
     * {@code XENCONSOLED_TRACE=[none|guest|hv|all]} (init.d/sysconfig.xencommons.in).
     */
    private static XenconsoledSettings fromFile(XencommonsFile f, boolean systemd) {
        List<String> argv = new ArrayList<>();
        Optional<String> trace = f.value("XENCONSOLED_TRACE");
        List<String> args = f.value("XENCONSOLED_ARGS")
                .map(a -> Arrays.asList(a.strip().split("\\s+")))
                .orElse(List.of());
        if (systemd) {
            argv.add("--log=" + trace.orElse("none"));
            argv.add("--log-dir=" + f.value("XENCONSOLED_LOG_DIR").orElse(XenconsoledSettings.DEFAULT_LOG_DIR));
            argv.addAll(args);
        } else if (trace.isPresent()) {
            argv.add("--log=" + trace.get());
        } else {
            argv.addAll(args);
        }
        return XenconsoledSettings.parse(argv);
    }

    private void checkConfigPitfalls(XencommonsFile f, boolean systemd) {
        Optional<XencommonsFile.Assignment> trace =
                f.get("XENCONSOLED_TRACE").filter(a -> !a.value().isBlank());
        Optional<XencommonsFile.Assignment> args =
                f.get("XENCONSOLED_ARGS").filter(a -> !a.value().isBlank());
        if (trace.isPresent() && args.isPresent()) {
            if (systemd) {
                findings.add(Finding.info(
                        "TRACE_AND_ARGS",
                        f.path() + " sets both XENCONSOLED_TRACE (line "
                                + trace.get().line() + ") and XENCONSOLED_ARGS (line "
                                + args.get().line() + "); the systemd unit passes both"));
            } else {
                findings.add(Finding.warning(
                        "TRACE_REPLACES_ARGS",
                        "line " + trace.get().line() + " of " + f.path() + " sets "
                                + trace.get().text()
                                + ", and the SysV xencommons script then starts xenconsoled with only --log="
                                + trace.get().value() + ": XENCONSOLED_ARGS on line "
                                + args.get().line() + " (" + args.get().value()
                                + ") is ignored",
                        "delete line " + trace.get().line() + " of " + f.path() + " ("
                                + trace.get().text() + ") and keep --log=guest in XENCONSOLED_ARGS on line "
                                + args.get().line()));
            }
        }
        Optional<XencommonsFile.Assignment> dir =
                f.get("XENCONSOLED_LOG_DIR").filter(a -> !a.value().isBlank());
        if (dir.isPresent() && !systemd) {
            findings.add(Finding.warning(
                    "LOG_DIR_VARIABLE_IGNORED",
                    "line " + dir.get().line() + " of " + f.path()
                            + " sets XENCONSOLED_LOG_DIR, which only the systemd unit uses; the SysV script ignores it",
                    "put --log-dir=" + dir.get().value() + " into XENCONSOLED_ARGS in " + f.path()
                            + args.map(a -> " (line " + a.line() + ")").orElse("")));
        }
    }

    // ---- the running daemon ------------------------------------------------------------------

    private Optional<XenconsoledSettings> runningDaemon(boolean systemd) {
        CommandResult r = host.commands()
                .run(AgentScript.command(new AgentRequest.FindXenconsoled(options.root()), options.commandTimeout()));
        List<String> pids = new ArrayList<>();
        for (String line : r.stdoutText().split("\n")) {
            Matcher m = COMM_PATH.matcher(line);
            if (m.find()) {
                pids.add(m.group(1));
            }
        }
        if (!r.succeeded() && pids.isEmpty()) {
            findings.add(Finding.error(
                    "PROCESS_SCAN_FAILED",
                    "cannot look for xenconsoled in /proc: " + r.describeFailure(),
                    "check that the doctor can run `sh` and read /proc on " + host.target()));
            return Optional.empty();
        }
        if (pids.isEmpty()) {
            findings.add(Finding.error(
                    "XENCONSOLED_NOT_RUNNING",
                    "no process named xenconsoled: nothing writes guest console logs",
                    systemd ? "run `systemctl start xenconsoled`" : "run `/etc/init.d/xencommons start`"));
            return Optional.empty();
        }
        if (pids.size() > 1) {
            findings.add(Finding.warning(
                    "XENCONSOLED_SEVERAL",
                    "more than one xenconsoled is running (pids " + pids + "); they compete for the consoles",
                    "stop all but one (`kill " + String.join(" ", pids.subList(1, pids.size()))
                            + "`) and restart xenconsoled"));
        }
        String pid = pids.get(0);
        byte[] raw = host.files().readAll(path("/proc/" + pid + "/cmdline"), MAX_SMALL_FILE);
        List<String> argv = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")));
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            findings.add(Finding.error(
                    "XENCONSOLED_CMDLINE_UNREADABLE",
                    "xenconsoled (pid " + pid + ") has an empty /proc/" + pid + "/cmdline",
                    "rerun the doctor; if it persists, restart xenconsoled"));
            return Optional.empty();
        }
        findings.add(
                Finding.ok("XENCONSOLED_RUNNING", "xenconsoled runs as pid " + pid + ": " + String.join(" ", argv)));
        return Optional.of(XenconsoledSettings.parse(argv.subList(1, argv.size())));
    }

    private void checkDaemon(
            XenconsoledSettings running,
            Optional<XenconsoledSettings> fromFile,
            Optional<XencommonsFile> config,
            boolean systemd) {
        if (running.logGuest()) {
            findings.add(Finding.ok(
                    "GUEST_LOGGING", "xenconsoled writes guest consoles to " + running.logDir() + "/guest-<name>.log"));
        } else {
            boolean fileIsRight = fromFile.map(XenconsoledSettings::logGuest).orElse(false);
            findings.add(Finding.error(
                    "GUEST_LOGGING_OFF",
                    "the running xenconsoled has no --log=guest or --log=all:"
                            + " guest consoles are not written to any file",
                    fileIsRight ? restart(systemd, config) : fileRemedy(config, systemd, true)));
        }
        if (running.timestampGuest()) {
            findings.add(Finding.ok(
                    "TIMESTAMPS",
                    "guest log lines are timestamped, and each new domain writes a 'Logfile Opened' marker"));
        } else {
            boolean fileIsRight =
                    fromFile.map(XenconsoledSettings::timestampGuest).orElse(false);
            findings.add(Finding.warning(
                    "NO_TIMESTAMPS",
                    "xenconsoled runs without --timestamp=guest|all: only the XTF banner"
                            + " tells one run of a domain from the previous one in the same log",
                    fileIsRight ? restart(systemd, config) : fileRemedy(config, systemd, false)));
        }
        if (fromFile.isPresent() && !fromFile.get().equals(withoutHypervisor(running, fromFile.get()))) {
            String file = config.map(XencommonsFile::path).orElseThrow();
            findings.add(Finding.warning(
                    "CONFIG_NOT_APPLIED",
                    file + " gives " + fromFile.get().describe()
                            + ", but the running xenconsoled has " + running.describe()
                            + ": the file changed after xenconsoled started, so a restart or reboot will change what is logged",
                    fromFile.get().logGuest() ? restart(systemd, config) : fileRemedy(config, systemd, true)));
        } else if (fromFile.isPresent()) {
            findings.add(Finding.ok(
                    "CONFIG_APPLIED",
                    "the running xenconsoled matches " + config.get().path()));
        }
    }

    /** Hypervisor logging does not matter to guest capture; compare only what does. */
    private static XenconsoledSettings withoutHypervisor(XenconsoledSettings running, XenconsoledSettings file) {
        return new XenconsoledSettings(
                running.logGuest(), file.logHypervisor(), running.logDir(), running.timestampGuest());
    }

    private static String restart(boolean systemd, Optional<XencommonsFile> config) {
        String file = config.map(XencommonsFile::path).orElse("the xencommons file");
        return systemd
                ? "run `systemctl restart xenconsoled` so the running daemon uses " + file
                : "run `/etc/init.d/xencommons restart` (it restarts xenconsoled, not xenstored) so the running daemon uses "
                        + file;
    }

    /** One line saying which line of which file to change so a restart gives guest logs (or timestamps). */
    private static String fileRemedy(Optional<XencommonsFile> config, boolean systemd, boolean forLogging) {
        if (config.isEmpty()) {
            return "create " + DEBIAN_CONFIG + " (Debian) or " + RPM_CONFIG
                    + " (RPM/XenServer) with XENCONSOLED_ARGS=\"" + WANTED_ARGS + "\", then restart xenconsoled";
        }
        XencommonsFile f = config.get();
        Optional<XencommonsFile.Assignment> trace =
                f.get("XENCONSOLED_TRACE").filter(a -> !a.value().isBlank());
        Optional<XencommonsFile.Assignment> args = f.get("XENCONSOLED_ARGS");
        if (!systemd && trace.isPresent()) {
            return "delete line " + trace.get().line() + " of " + f.path() + " ("
                    + trace.get().text() + ", which replaces XENCONSOLED_ARGS) and set XENCONSOLED_ARGS=\""
                    + WANTED_ARGS + "\", then restart xenconsoled";
        }
        if (systemd && forLogging) {
            return trace.map(t -> "change line " + t.line() + " of " + f.path() + " from " + t.text()
                                    + " to XENCONSOLED_TRACE=guest")
                            .orElse("add the line XENCONSOLED_TRACE=guest to " + f.path())
                    + ", then restart xenconsoled";
        }
        String wanted = forLogging ? "--log=guest" : "--timestamp=all";
        if (args.isPresent()) {
            String now = args.get().value().strip();
            String next = (now.isEmpty() ? "" : now + " ") + wanted;
            return "change line " + args.get().line() + " of " + f.path() + " from "
                    + args.get().text() + " to XENCONSOLED_ARGS=\"" + next + "\", then restart xenconsoled";
        }
        return "add the line XENCONSOLED_ARGS=\"" + (systemd ? "--timestamp=all" : WANTED_ARGS) + "\" to " + f.path()
                + ", then restart xenconsoled";
    }

    // ---- log directory -----------------------------------------------------------------------

    private void checkLogDir(String dir, boolean systemd) {
        if (!host.files().isDirectory(path(dir))) {
            findings.add(
                    Finding.error(
                            "LOG_DIR_MISSING",
                            "the console log directory " + dir
                                    + " does not exist: xenconsoled cannot create guest logs in it",
                            "run `mkdir -p " + dir + "`"
                                    + (systemd
                                            ? ""
                                            : " and add it to the boot scripts (the SysV xencommons script does not create it)")));
            return;
        }
        CommandResult w = run(List.of("test", "-w", path(dir)));
        if (w.exitCode() != 0) {
            findings.add(Finding.error(
                    "LOG_DIR_NOT_WRITABLE",
                    "the console log directory " + dir + " is not writable"
                            + (w.exitCode() == 1 ? "" : ": " + w.describeFailure()),
                    "make " + dir + " writable by root (check `ls -ld " + dir
                            + "` and whether its file system is mounted read-only)"));
            return;
        }
        CommandResult df = run(List.of("df", "-Pk", path(dir)));
        OptionalLong free = df.succeeded() ? parseDfAvailable(df.stdoutText()) : OptionalLong.empty();
        if (free.isEmpty()) {
            findings.add(Finding.warning(
                    "LOG_DIR_SPACE_UNKNOWN",
                    "cannot tell the free space in " + dir + ": "
                            + (df.succeeded() ? "unexpected df output" : df.describeFailure()),
                    "run `df -Pk " + dir + "` on the host and check it by hand"));
        } else if (free.getAsLong() < 1024) {
            findings.add(Finding.error(
                    "LOG_DIR_FULL",
                    dir + " has " + free.getAsLong() + " KiB free: guest logs will be cut short",
                    "free space on the file system holding " + dir + " (old guest-*.log files there can go)"));
        } else if (free.getAsLong() < options.minFreeKib()) {
            findings.add(Finding.warning(
                    "LOG_DIR_LOW_SPACE",
                    dir + " has " + free.getAsLong() + " KiB free, less than " + options.minFreeKib() + " KiB",
                    "free space on the file system holding " + dir + " (old guest-*.log files there can go)"));
        } else {
            findings.add(Finding.ok("LOG_DIR", dir + " exists, is writable and has " + free.getAsLong() + " KiB free"));
        }
    }

    /** The runner reads {@code layout}: xenconsoled must write there, under the name it always uses. */
    private void checkLayout(LogLayout layout, Optional<String> written, boolean fromDaemon) {
        if (written.isPresent()
                && !withoutTrailingSlash(written.get()).equals(withoutTrailingSlash(layout.directory()))) {
            String by = fromDaemon ? "the running xenconsoled writes" : "xenconsoled, as configured, will write";
            findings.add(Finding.error(
                    "LOG_DIR_MISMATCH",
                    by + " guest logs to " + written.get() + ", but the harness reads them from " + layout.directory()
                            + " (--log-dir)",
                    "pass --log-dir " + written.get() + ", or start xenconsoled with --log-dir=" + layout.directory()));
        }
        if (!layout.pattern().equals(LogLayout.XENCONSOLED_DEFAULT.pattern())) {
            findings.add(Finding.warning(
                    "LOG_PATTERN_UNUSUAL",
                    "xenconsoled names guest logs "
                            + LogLayout.XENCONSOLED_DEFAULT.pattern().replace("%s", "<name>")
                            + ", but the harness looks for "
                            + layout.pattern().replace("%s", "<name>") + " (--log-pattern)",
                    "drop --log-pattern unless something on " + host.target()
                            + " writes the guest logs under that name"));
        }
    }

    private static String withoutTrailingSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.replaceAll("/+$", "") : dir;
    }

    private static OptionalLong parseDfAvailable(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return OptionalLong.empty();
        }
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        try {
            return f.length >= 6 ? OptionalLong.of(Long.parseLong(f[3])) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // ---- versions ----------------------------------------------------------------------------

    private Optional<XenVersion> checkVersions(Optional<XencommonsFile> config) {
        HostCapabilities caps;
        try {
            caps = domains.capabilities();
        } catch (HarnessException e) {
            findings.add(Finding.error(
                    "XL_INFO_FAILED",
                    "`xl info` failed: " + e.getMessage(),
                    "run `" + String.join(" ", options.xlCommand()) + " info` as root on " + host.target()
                            + " and fix what it reports (is this dom0, is xenstored running?)"));
            return Optional.empty();
        }
        Optional<XenVersion> version = XenVersion.parse(caps.xenVersion());
        if (version.isEmpty()) {
            findings.add(Finding.warning(
                    "XEN_VERSION_UNKNOWN",
                    "`xl info` gave xen_version '" + caps.xenVersion() + "', which is not a version number",
                    "run `" + String.join(" ", options.xlCommand())
                            + " info` on the host and check its xen_version line"));
            return version;
        }
        XenVersion v = version.get();
        findings.add(Finding.info(
                "XEN_VERSION",
                "Xen " + v
                        + (caps.xenCaps().isEmpty()
                                ? ""
                                : ", capabilities " + String.join(" ", new TreeSet<>(caps.xenCaps())))));
        if (v.hasStartNotifyFd()) {
            findings.add(Finding.ok(
                    "START_NOTIFY_FD",
                    "Xen >= 4.8: xenconsole has --start-notify-fd, so a console can attach before the guest runs"));
        } else {
            String file = config.map(XencommonsFile::path).orElse(DEBIAN_CONFIG);
            findings.add(Finding.warning(
                    "NO_START_NOTIFY_FD",
                    "Xen " + v.majorMinor()
                            + " is older than 4.8: xenconsole has no --start-notify-fd, so only xenconsoled's guest log captures a whole run",
                    "keep XENCONSOLED_ARGS=\"" + WANTED_ARGS + "\" in " + file
                            + " (the harness then reads the log), or upgrade to Xen >= 4.8"));
        }
        return version;
    }

    private void checkXenconsole(Optional<XenVersion> version) {
        String v = version.map(XenVersion::text).orElse("");
        // Under a test root the host's PATH means nothing: the fixed places, each under the root.
        XenconsoleLocator.Search search = options.root().equals("/")
                ? XenconsoleLocator.search(host, v, options.xlCommand())
                : XenconsoleLocator.search(
                        path -> host.files().stat(path(path)),
                        XenconsoleLocator.candidates(v, XenconsoleLocator.DEFAULT_PATH, Optional.empty()));
        if (search.found().isPresent()) {
            XenconsoleLocator.Candidate c = search.found().get();
            findings.add(Finding.ok("XENCONSOLE", "xenconsole is " + c.path() + " (" + c.why() + ")"));
            return;
        }
        findings.add(Finding.warning(
                "XENCONSOLE_MISSING",
                "xenconsole not found (looked in " + search.places()
                        + "): `xl console` and `xl create -c` cannot attach",
                "install the Xen tools (Debian: xen-utils-"
                        + version.map(XenVersion::majorMinor).orElse("<version>")
                        + "; RPM/XenServer: the xen tools package) so one of those paths exists"));
    }

    // ---- one domain --------------------------------------------------------------------------

    private void checkDomain(String name) {
        List<String> argv = new ArrayList<>(options.xlCommand());
        argv.add("domid");
        argv.add(name);
        CommandResult r = run(argv);
        String id = r.stdoutText().strip();
        if (!r.succeeded() || !id.matches("[0-9]{1,9}")) {
            findings.add(Finding.warning(
                    "DOMAIN_NOT_RUNNING",
                    "domain " + name + " is not running (`xl domid " + name + "`: "
                            + (r.succeeded() ? "printed '" + id + "'" : r.describeFailure()) + ")",
                    "start " + name
                            + " (`xl create -p` its config) and rerun the doctor, or name a domain from `xl list`"));
            return;
        }
        DomainId domid = new DomainId(Integer.parseInt(id));
        String console = ConsoleType.PV.ttyPath(domid);
        Optional<String> tty = xenstore.read(console);
        if (tty.isPresent()) {
            findings.add(Finding.ok("CONSOLE_TTY", "domain " + name + " (" + id + "): " + console + " = " + tty.get()));
        } else {
            findings.add(Finding.warning(
                    "CONSOLE_TTY_MISSING",
                    "domain " + name + " (" + id + ") has no " + console
                            + " in xenstore: xenconsole fails with 'Could not read tty from store'",
                    "check that xenconsoled is running and saw the domain (restart xenconsoled, then recreate " + name
                            + ")"));
        }
        String serial = ConsoleType.SERIAL.ttyPath(domid);
        findings.add(Finding.info(
                "SERIAL_TTY",
                "domain " + name + " (" + id + "): " + serial + " = "
                        + xenstore.read(serial).orElse("(absent; normal for a PV guest)")));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private CommandResult run(List<String> argv) {
        return host.commands().run(new Command(argv, options.commandTimeout()));
    }

    /** A host path under the doctor's root. */
    private String path(String hostPath) {
        String root = options.root();
        if (root.equals("/")) {
            return hostPath;
        }
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + hostPath;
    }
}
