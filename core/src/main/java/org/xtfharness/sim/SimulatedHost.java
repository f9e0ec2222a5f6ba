package org.xtfharness.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.ScratchDirs;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.RunningCommand;

/**
 * A simulated Xen host, in-process, at the {@link XenHost} boundary: it answers the commands the
 * harness sends a real dom0 ({@code xl create -p}, {@code xl unpause}, {@code xl list},
 * {@code xl list -l}, {@code xl domid}, {@code xl destroy}, {@code xl info}, {@code xl dmesg},
 * {@code xenstore-read}, the host agent's requests (read through {@link AgentScript#parse}), {@code test},
 * {@code df}, and {@code xenconsole --start-notify-fd} as a streaming client) in real xl's output
 * formats, and its files are a small dom0 under a private directory: {@code /etc/default/xencommons},
 * a running xenconsoled in {@code /proc}, xenconsole, {@code /run/lock} and the guest logs in
 * {@code /var/log/xen/console}. So the real {@code XlDomainController}, doctor, run lock, log source
 * and live console run against it unchanged. Anything else answers as a missing program does
 * (exit 127, "command not found").
 *
 * <p>Guests are {@link GuestScript}s installed under a cfg path and run on threads. The guest log
 * is opened as xenconsoled opens it ({@code guest-NAME.log}, appended, with a {@code Logfile Opened}
 * line when timestamps are on) while the domain is still paused, and every byte is in the log
 * before the shutdown it precedes is listed, as XTF's PV console guarantees on a real host. A
 * guest's end follows the create's {@code on_*} overrides: preserved domains stay listed as shut
 * down, destroyed ones vanish.
 *
 * <p>The private directory is made when the host is made and deleted when it is closed: close it,
 * also on the way out of a signalled run (after the run's domains are destroyed). Thread-safe. Every command it saw is kept, in order ({@link #calls}).
 */
public final class SimulatedHost implements CommandRunner, AutoCloseable {

    /** The {@code xen_version} a simulated host reports. */
    public static final String XEN_VERSION = "4.17.0-simulated";

    /** Where the simulated xenconsoled writes guest logs, as a host path. */
    public static final String LOG_DIR = "/var/log/xen/console";

    /** The simulated xenconsoled's process id. */
    static final int XENCONSOLED_PID = 731;

    private static final String DOM0 = "Domain-0";
    private static final String XENCONSOLE = "/usr/lib/xen/bin/xenconsole";
    private static final String LIST_HEADER =
            "Name                                        ID   Mem VCPUs\tState\tTime(s)\n";
    private static final int LAST_DOMID = 0x7FEF;
    private static final int DMESG_LINES = 1000;
    private static final int FLOOD_CHUNK = 64 * 1024;
    private static final AtomicInteger HOSTS = new AtomicInteger();

    private final SimulationOptions options;
    private final Path root;
    private final SimulatedFiles files;
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    /** Answers the host agent's requests. */
    private final SimulatedAgent agent;

    private final Map<String, GuestScript> installed = new ConcurrentHashMap<>();
    private final Set<String> firstRunsDone = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Object closing = new Object();
    /** Signalled on every state change; sleeping guests recheck their own condition. */
    private final Condition changed = lock.newCondition();

    private final Map<Integer, SimDomain> byId = new HashMap<>();
    private final Map<String, SimDomain> byName = new HashMap<>();
    private final Set<String> destroyFaultsUsed = new HashSet<>();
    private final Deque<String> dmesg = new ArrayDeque<>();
    private final ExecutorService guests;
    private int nextId = 1;
    private boolean closed;

    /** The prefix of the simulated host's temporary directories. */
    static final String SCRATCH_PREFIX = "xtf-harness-sim-";

    SimulatedHost(SimulationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        Path dir = null;
        try {
            // A SIGKILLed run's files (13 MB) are removed here, once provably abandoned.
            ScratchDirs.removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")), SCRATCH_PREFIX);
            dir = ScratchDirs.create(SCRATCH_PREFIX);
            layOut(dir);
        } catch (IOException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            throw new InfrastructureException("cannot set up the simulated Xen host's files: " + e.getMessage(), e);
        }
        this.root = dir;
        this.files = new SimulatedFiles(root);
        this.agent = new SimulatedAgent(this, files, options.time(), this::runningOrPaused);
        int host = HOSTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.guests = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-host" + host + "-guest" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        hv("Xen version " + XEN_VERSION + " (xtf-harness simulation: no hypervisor is running)");
        hv("Command line: simulated");
    }

    /** A dom0 as the doctor expects it: xenconsoled started by the SysV script from the xencommons file. */
    private void layOut(Path dir) throws IOException {
        String args = (options.guestLogging() ? "--log=guest" : "") + (options.timestamps() ? " --timestamp=all" : "");
        args = args.strip();
        write(
                dir,
                "etc/default/xencommons",
                "# Written by the xtf-harness simulated host\nXENCONSOLED_ARGS=\"" + args + "\"\n");
        write(dir, "proc/" + XENCONSOLED_PID + "/comm", "xenconsoled\n");
        write(
                dir,
                "proc/" + XENCONSOLED_PID + "/cmdline",
                "/usr/sbin/xenconsoled\0" + (args.isEmpty() ? "" : args.replace(' ', '\0') + "\0"));
        write(dir, XENCONSOLE.substring(1), "");
        Files.createDirectories(dir.resolve("run/lock"));
        Files.createDirectories(dir.resolve(LOG_DIR.substring(1)));
    }

    private static void write(Path dir, String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /** The options this host runs with. */
    public SimulationOptions options() {
        return options;
    }

    /** This host as the harness reaches a real one: these commands and its files. */
    public XenHost xenHost() {
        return new XenHost(this, files);
    }

    /** The host's files. */
    public HostFiles files() {
        return files;
    }

    /** The real {@code xl} domain controller on this host, polling as fast as its instant {@code xl list} allows. */
    public DomainController domains() {
        return DomainControllers.xl(
                this,
                XlOptions.builder()
                        .pollStart(Duration.ofMillis(2))
                        .pollMax(Duration.ofMillis(20))
                        .build());
    }

    /** The real xenconsoled log source on this host's log directory. */
    public ConsoleSource console() {
        return ConsoleSources.xenconsoledLog(files, logLayout());
    }

    /**
     * Installs a guest under a cfg path, as copying a test's cfg and kernel onto a host would.
     * {@code xl create} of that path runs this script. Replaces any guest installed there.
     */
    public void install(String cfgPath, GuestScript script) {
        if (cfgPath == null || cfgPath.isEmpty()) {
            throw new IllegalArgumentException("a cfg path is needed to install a simulated guest");
        }
        installed.put(cfgPath, Objects.requireNonNull(script, "script"));
    }

    /** The file on this machine that holds the named guest's log ({@code LOG_DIR/guest-NAME.log} on the host). */
    public Path logPath(String domainName) {
        return root.resolve(LOG_DIR.substring(1)).resolve("guest-" + DomainNames.requireValid(domainName) + ".log");
    }

    /** The log layout to give the xenconsoled log source for this host. */
    public LogLayout logLayout() {
        return new LogLayout(LOG_DIR, "guest-%s.log");
    }

    /** Every command this host was asked to run or start, oldest first, as its argv. */
    public List<List<String>> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** One line for people: what this host is. */
    public String description() {
        return "simulated Xen host (Xen " + XEN_VERSION + ", no hypervisor; xenconsoled timestamps "
                + (options.timestamps() ? "on" : "off") + (options.guestLogging() ? "" : ", guest logging off") + ")";
    }

    @Override
    public String target() {
        return "simulated";
    }

    @Override
    public String toString() {
        return description();
    }

    // ---- commands -------------------------------------------------------------------------------

    @Override
    public CommandResult run(Command command) {
        long start = options.time().nanoTime();
        List<String> argv = command.argv();
        calls.add(argv);
        Answer a;
        try {
            a = switch (argv.get(0)) {
                case "xl" -> xl(argv.subList(1, argv.size()));
                case "xenstore-read" -> xenstoreRead(argv.subList(1, argv.size()));
                case "sh" -> agent.serve(argv, command.timeout());
                case "test" -> test(argv);
                case "df" -> df(argv);
                default -> Answer.notFound(argv.get(0));
            };
        } catch (UncheckedIOException e) {
            a = Answer.fail(1, argv.get(0) + ": " + e.getCause().getMessage());
        }
        return new CommandResult(
                command,
                a.exit(),
                a.stdout().getBytes(StandardCharsets.UTF_8),
                a.stderr(),
                false,
                options.time().since(start));
    }

    /** Starts the one streaming program the harness starts: xenconsole, through the live console's notify script. */
    @Override
    public RunningCommand start(Command command) {
        List<String> argv = command.argv();
        calls.add(argv);
        Optional<AgentRequest> request;
        try {
            request = AgentScript.parse(argv);
        } catch (IllegalArgumentException e) {
            request = Optional.empty();
        }
        if (request.isEmpty() || !(request.get() instanceof AgentRequest.ConsoleNotify notify)) {
            throw new InfrastructureException(
                    "the simulated host streams only xenconsole --start-notify-fd, not `" + command.display() + "`");
        }
        String program = notify.xenconsole();
        if (files.stat(program).isEmpty()) {
            throw new InfrastructureException("cannot start `" + command.display() + "` on " + target()
                    + ": sh: 1: exec: " + program + ": not found");
        }
        lock.lock();
        try {
            SimDomain dom = byId.get(notify.domid());
            String type = notify.type();
            if (dom == null || !(type.equals("pv") || type.equals("serial") && dom.hasSerialPty())) {
                // xenconsole gives up without a tty in xenstore; the notify byte never comes.
                return new FailedClient(
                        command, "xenconsole: Could not read tty from store: No such file or directory");
            }
            SimulatedConsoleClient client = new SimulatedConsoleClient(command, options.time());
            dom.consoles.add(client);
            return client;
        } finally {
            lock.unlock();
        }
    }

    private Answer xl(List<String> args) {
        if (args.isEmpty()) {
            return Answer.fail(2, "Usage xl [-vfNtT] <subcommand> [args]");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "create" -> create(rest);
            case "unpause" -> rest.size() == 1 ? unpause(rest.get(0)) : Answer.fail(2, "Usage: xl unpause <Domain>");
            case "list" -> list(rest);
            case "domid" -> domid(rest);
            case "destroy" -> rest.size() == 1 ? destroy(rest.get(0)) : Answer.fail(2, "Usage: xl destroy <Domain>");
            case "info" -> Answer.ok(info());
            case "dmesg" -> Answer.ok(dmesgText());
            default -> Answer.fail(2, "command \"" + args.get(0) + "\" not implemented");
        };
    }

    /** {@code xl create [-p] -f CFG [KEY=VALUE...]}: the overrides' {@code name=} names the domain. */
    private Answer create(List<String> args) {
        boolean paused = false;
        String cfg = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-p")) {
                paused = true;
            } else if (a.equals("-f") && i + 1 < args.size()) {
                cfg = args.get(++i);
            } else if (a.indexOf('=') > 0) {
                overrides.add(a);
            } else {
                return Answer.fail(2, "Usage: xl create <ConfigFile> [options] [vars]");
            }
        }
        if (cfg == null) {
            return Answer.fail(2, "Usage: xl create <ConfigFile> [options] [vars]");
        }
        String parsing = "Parsing config from " + cfg + "\n";
        GuestScript script = installed.get(cfg);
        if (script == null) {
            return Answer.fail(1, parsing + "Failed to read config file: " + cfg + ": No such file or directory");
        }
        Map<String, String> settings = new HashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            settings.put(o.substring(0, eq).strip(), unquote(o.substring(eq + 1).strip()));
        }
        String name = settings.get("name");
        if (name == null || !DomainNames.isValid(name)) {
            return Answer.fail(1, parsing + "the simulated host needs a valid name=\"...\" override, not " + name);
        }
        Map<ShutdownReason, Boolean> preserve = new EnumMap<>(ShutdownReason.class);
        for (ShutdownReason r : List.of(
                ShutdownReason.POWEROFF, ShutdownReason.REBOOT, ShutdownReason.CRASH, ShutdownReason.WATCHDOG)) {
            String action = settings.getOrDefault("on_" + r.name().toLowerCase(Locale.ROOT), "destroy");
            if (!action.equals("preserve") && !action.equals("destroy")) {
                return Answer.fail(
                        1,
                        parsing + "the simulated host supports only preserve and destroy for on_"
                                + r.name().toLowerCase(Locale.ROOT) + ", not '" + action + "'");
            }
            preserve.put(r, action.equals("preserve"));
        }
        SimDomain dom;
        lock.lock();
        try {
            if (closed) {
                return Answer.fail(1, parsing + "libxl: error: the simulated Xen host is closed");
            }
            if (options.faults().createFails().contains(name)) {
                return Answer.fail(
                        1, parsing + "libxl: error: libxl_create.c: cannot make domain: -3 (simulated fault)");
            }
            if (byName.containsKey(name)) {
                return Answer.fail(
                        1,
                        parsing + "libxl: error: libxl_domain.c: libxl__domain_rename: Domain with name \"" + name
                                + "\" already exists.");
            }
            int id = allocateId();
            if (id < 0) {
                return Answer.fail(1, parsing + "libxl: error: no free domain id");
            }
            // The console connects while the domain is paused, so the log is open before anyone can unpause it.
            // A xenconsoled that logs no guests opens no log (null): only console clients see the output.
            XenconsoledLog log = options.guestLogging()
                    ? XenconsoledLog.open(logPath(name), options.timestamps(), options.time())
                    : null;
            dom = new SimDomain(id, name, cfg, script, preserve, log, settings.containsKey("serial"));
            byId.put(id, dom);
            byName.put(name, dom);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!paused) {
            unpause(Integer.toString(dom.id));
        }
        return new Answer(0, "", parsing);
    }

    private Answer unpause(String which) {
        lock.lock();
        try {
            SimDomain dom = lookup(which);
            if (dom == null) {
                return invalidDomain(which);
            }
            if (dom.state == State.PAUSED && !closed) {
                dom.state = State.RUNNING;
                changed.signalAll();
                guests.execute(() -> runGuest(dom));
            }
            return Answer.ok("");
        } finally {
            lock.unlock();
        }
    }

    /** {@code xl list}, {@code xl list NAME...}, {@code xl list -l NAME...}. */
    private Answer list(List<String> args) {
        boolean longForm =
                !args.isEmpty() && (args.get(0).equals("-l") || args.get(0).equals("--long"));
        List<String> names = longForm ? args.subList(1, args.size()) : args;
        lock.lock();
        try {
            List<SimDomain> shown = new ArrayList<>();
            for (String n : names) {
                SimDomain d = lookup(n);
                if (d == null && !isDom0(n)) {
                    return invalidDomain(n);
                }
                shown.add(d);
            }
            if (names.isEmpty()) {
                shown.add(null);
                byId.values().stream()
                        .sorted(Comparator.comparingInt(d -> d.id))
                        .forEach(shown::add);
            }
            if (longForm) {
                return Answer.ok(longList(shown));
            }
            StringBuilder b = new StringBuilder(LIST_HEADER);
            for (SimDomain d : shown) {
                b.append(
                        d == null
                                ? row(DOM0, 0, 2048, 2, "r-----", 42.0)
                                : row(d.name, d.id, 128, 1, d.stateLetters(), 0.1));
            }
            return Answer.ok(b.toString());
        } finally {
            lock.unlock();
        }
    }

    /** A row as tools/xl/xl_list.c prints it. */
    private static String row(String name, int id, int mem, int vcpus, String state, double time) {
        return String.format(Locale.ROOT, "%-40s %5d %5d %5d     %s  %8.1f%n", name, id, mem, vcpus, state, time);
    }

    private String longList(List<SimDomain> shown) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < shown.size(); i++) {
            SimDomain d = shown.get(i);
            b.append("    {\n        \"domid\": ").append(d == null ? 0 : d.id).append(",\n");
            b.append("        \"config\": {\n            \"c_info\": {\n                \"type\": \"")
                    .append(d == null || !d.hvm() ? "pv" : "hvm")
                    .append("\",\n                \"name\": \"")
                    .append(d == null ? DOM0 : d.name)
                    .append("\"\n            }");
            if (d != null) {
                for (Map.Entry<ShutdownReason, Boolean> e : d.preserve.entrySet()) {
                    b.append(",\n            \"on_")
                            .append(e.getKey().name().toLowerCase(Locale.ROOT))
                            .append("\": \"")
                            .append(e.getValue() ? "preserve" : "destroy")
                            .append('"');
                }
            }
            b.append("\n        }\n    }").append(i + 1 < shown.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    private Answer domid(List<String> args) {
        if (args.size() != 1) {
            return Answer.fail(2, "Usage: xl domid <DomainName>");
        }
        lock.lock();
        try {
            SimDomain d = byName.get(args.get(0));
            if (d == null && !isDom0(args.get(0))) {
                return Answer.fail(
                        1, "Can't get domid of domain name '" + args.get(0) + "', maybe this domain does not exist.");
            }
            return Answer.ok((d == null ? 0 : d.id) + "\n");
        } finally {
            lock.unlock();
        }
    }

    private Answer destroy(String which) {
        SimDomain dom;
        lock.lock();
        try {
            if (isDom0(which) || which.equals("0")) {
                return Answer.fail(1, "Cannot destroy privileged domain 0.");
            }
            dom = lookup(which);
            if (dom == null) {
                return invalidDomain(which);
            }
            if (options.faults().destroyFailsOnce().contains(dom.name) && destroyFaultsUsed.add(dom.name)) {
                return Answer.fail(
                        1,
                        "libxl: error: libxl_domain.c: Domain " + dom.id
                                + ":Destruction of domain failed (simulated fault)");
            }
            remove(dom);
        } finally {
            lock.unlock();
        }
        closeConsole(dom);
        return Answer.ok("");
    }

    private static String info() {
        String[][] fields = {
            {"host", "simulated"},
            {"release", "6.1.0-simulated"},
            {"version", "#1 SMP simulated"},
            {"machine", "x86_64"},
            {"nr_cpus", "2"},
            {"max_cpu_id", "1"},
            {"nr_nodes", "1"},
            {"cores_per_socket", "2"},
            {"threads_per_core", "1"},
            {"cpu_mhz", "2000.000"},
            {"virt_caps", "hvm"},
            {"total_memory", "4096"},
            {"free_memory", "2048"},
            {"xen_major", "4"},
            {"xen_minor", "17"},
            {"xen_extra", ".0-simulated"},
            {"xen_version", XEN_VERSION},
            {"xen_caps", "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"},
            {"xen_scheduler", "credit2"},
            {"xen_pagesize", "4096"},
            {"xen_commandline", "xtf-harness simulation: no hypervisor is running"},
            {"cc_compiler", "none (simulated)"},
            {"xend_config_format", "4"},
        };
        StringBuilder b = new StringBuilder();
        for (String[] f : fields) {
            b.append(String.format(Locale.ROOT, "%-23s: %s%n", f[0], f[1]));
        }
        return b.toString();
    }

    private String dmesgText() {
        lock.lock();
        try {
            return dmesg.isEmpty() ? "" : String.join("\n", dmesg) + "\n";
        } finally {
            lock.unlock();
        }
    }

    /** {@code xenstore-read PATH...}: the console ttys and names xenconsoled and xl write. */
    private Answer xenstoreRead(List<String> paths) {
        StringBuilder out = new StringBuilder();
        lock.lock();
        try {
            for (String p : paths) {
                Optional<String> v = xenstore(p);
                if (v.isEmpty()) {
                    return new Answer(1, out.toString(), "xenstore-read: couldn't read path " + p + "\n");
                }
                out.append(v.get()).append('\n');
            }
        } finally {
            lock.unlock();
        }
        return Answer.ok(out.toString());
    }

    /** Called with the lock held. */
    private Optional<String> xenstore(String path) {
        String[] p = path.split("/");
        // "", "local", "domain", ID, rest...
        if (p.length < 5 || !p[1].equals("local") || !p[2].equals("domain")) {
            return Optional.empty();
        }
        SimDomain d = parseId(p[3]).map(byId::get).orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        String rest = String.join("/", Arrays.asList(p).subList(4, p.length));
        return switch (rest) {
            case "name" -> Optional.of(d.name);
            case "console/tty" -> Optional.of("/dev/pts/" + (10 + d.id));
            case "serial/0/tty" ->
                d.hasSerialPty() ? Optional.of("/dev/pts/" + (10 + LAST_DOMID + d.id)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** {@code test -w|-d|-e|-f PATH}. */
    private Answer test(List<String> argv) {
        if (argv.size() != 3) {
            return Answer.fail(2, "test: the simulated host answers only test -w|-d|-e|-f PATH");
        }
        Optional<Path> p = files.real(argv.get(2));
        boolean yes = p.isPresent()
                && switch (argv.get(1)) {
                    case "-w" -> Files.isWritable(p.get());
                    case "-d" -> Files.isDirectory(p.get());
                    case "-e" -> Files.exists(p.get());
                    case "-f" -> Files.isRegularFile(p.get());
                    default -> false;
                };
        return new Answer(yes ? 0 : 1, "", "");
    }

    /** {@code df -Pk PATH}: the space of the file system that really holds the simulated host's files. */
    private Answer df(List<String> argv) {
        Optional<Path> p = argv.size() == 3 && argv.get(1).equals("-Pk") ? files.real(argv.get(2)) : Optional.empty();
        if (p.isEmpty() || !Files.exists(p.get())) {
            return Answer.fail(
                    1, "df: " + (argv.size() > 2 ? argv.get(argv.size() - 1) : "") + ": No such file or directory");
        }
        try {
            FileStore store = Files.getFileStore(p.get());
            long total = store.getTotalSpace() / 1024;
            long free = store.getUsableSpace() / 1024;
            long used = total - store.getUnallocatedSpace() / 1024;
            return Answer.ok("Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
                    + String.format(
                            Locale.ROOT,
                            "simfs          %11d %9d %9d %7d%% /%n",
                            total,
                            used,
                            free,
                            total == 0 ? 0 : used * 100 / total));
        } catch (IOException e) {
            return Answer.fail(1, "df: " + argv.get(2) + ": " + e.getMessage());
        }
    }

    /** Whether domain {@code id} is running or paused: the agent's run waits while it is. */
    private boolean runningOrPaused(int id) {
        lock.lock();
        try {
            SimDomain d = byId.get(id);
            return d != null && (d.state == State.RUNNING || d.state == State.PAUSED);
        } finally {
            lock.unlock();
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called with the lock held: a domain by name or id. */
    private SimDomain lookup(String which) {
        SimDomain d = byName.get(which);
        return d != null ? d : parseId(which).map(byId::get).orElse(null);
    }

    private static boolean isDom0(String which) {
        return DOM0.equals(which) || "0".equals(which);
    }

    private static Optional<Integer> parseId(String s) {
        return s.matches("[0-9]{1,5}") ? Optional.of(Integer.parseInt(s)) : Optional.empty();
    }

    private static Answer invalidDomain(String which) {
        return Answer.fail(1, which + " is an invalid domain identifier (rc=-6)");
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** A xenconsole that failed before its notify byte. */
    private record FailedClient(Command command, String stderr) implements RunningCommand {
        @Override
        public InputStream stdout() {
            return InputStream.nullInputStream();
        }

        @Override
        public boolean isAlive() {
            return false;
        }

        @Override
        public OptionalInt waitFor(Duration timeout) {
            return OptionalInt.of(2);
        }

        @Override
        public void destroy() {}
    }

    // ---- xenconsoled --------------------------------------------------------------------------

    /**
     * What {@code SIGHUP} does to xenconsoled: every open guest log is closed and opened again by
     * name (writing {@code Logfile Opened} if timestamps are on).
     */
    public void reopenLogs() {
        List<SimDomain> open;
        lock.lock();
        try {
            open = new ArrayList<>(byId.values());
        } finally {
            lock.unlock();
        }
        open.forEach(d -> logAction(d, GuestStep.LogAction.REOPEN));
    }

    private void logAction(SimDomain d, GuestStep.LogAction action) {
        d.io.lock();
        try {
            if (d.state != State.GONE && d.log != null) {
                switch (action) {
                    case REOPEN -> d.log.reopen();
                    case COPYTRUNCATE -> d.log.copyTruncate();
                    case RENAME -> d.log.renameAndReopen();
                    default -> throw new IllegalStateException(action.toString());
                }
            }
        } finally {
            d.io.unlock();
        }
    }

    /** Destroys every domain left, stops the guest threads and deletes the host's files. Idempotent. */
    @Override
    public void close() {
        // A second caller (a signal's shutdown hook while the main thread closes) waits for the
        // first to finish: the JVM halts once the hooks return, files half deleted otherwise.
        synchronized (closing) {
            List<SimDomain> left;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                left = new ArrayList<>(byId.values());
                left.forEach(this::remove);
            } finally {
                lock.unlock();
            }
            left.forEach(this::closeConsole);
            guests.shutdownNow();
            try {
                guests.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the temp directory is the system's to clean if this fails.
        }
    }

    // ---- the guests ---------------------------------------------------------------------------

    private void runGuest(SimDomain dom) {
        try {
            for (GuestStep step : dom.script.steps()) {
                if (dom.state != State.RUNNING) {
                    return;
                }
                if (step instanceof GuestStep.Print p) {
                    emit(dom, p.bytes());
                } else if (step instanceof GuestStep.Raw r) {
                    emit(dom, r.bytes());
                } else if (step instanceof GuestStep.Sleep s) {
                    sleep(dom, scaled(s.duration()));
                } else if (step instanceof GuestStep.Flood f) {
                    flood(dom, f.bytes());
                } else if (step instanceof GuestStep.Console c) {
                    logAction(dom, c.action());
                } else if (step instanceof GuestStep.CrashFirstRun) {
                    if (firstRunsDone.add(dom.cfgPath)) {
                        end(dom, GuestEnd.CRASH);
                        return;
                    }
                } else if (step instanceof GuestStep.End e) {
                    end(dom, e.how());
                }
            }
        } catch (InterruptedException e) {
            // The host is closing.
            Thread.currentThread().interrupt();
        }
    }

    /** The guest's console write: xenconsoled copies it to the log at once, and any console client gets it. */
    private void emit(SimDomain dom, byte[] bytes) {
        dom.io.lock();
        try {
            if (dom.state != State.RUNNING) {
                return;
            }
            dom.consoles.forEach(c -> c.write(bytes));
            try {
                if (dom.log != null) {
                    dom.log.write(bytes, 0, bytes.length);
                }
            } catch (InfrastructureException e) {
                // xenconsoled logs a failed write and carries on; so does the guest.
                hv("xenconsoled: Write to log failed on domain " + dom.id + ": " + e.getMessage());
            }
        } finally {
            dom.io.unlock();
        }
    }

    private void flood(SimDomain dom, long total) {
        byte[] chunk = new byte[FLOOD_CHUNK];
        long written = 0;
        long lineNo = 0;
        int fill = 0;
        while (written < total && dom.state == State.RUNNING) {
            String line = String.format("Flood line %08d: %s\r\n", ++lineNo, "x".repeat(70));
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            int n = (int) Math.min(bytes.length, total - written);
            if (n < bytes.length && n >= 2) {
                // The last line is cut short but still ends a line.
                bytes[n - 2] = '\r';
                bytes[n - 1] = '\n';
            }
            if (fill + n > chunk.length) {
                emit(dom, Arrays.copyOf(chunk, fill));
                fill = 0;
            }
            System.arraycopy(bytes, 0, chunk, fill, n);
            fill += n;
            written += n;
        }
        if (fill > 0) {
            emit(dom, Arrays.copyOf(chunk, fill));
        }
    }

    private long scaled(Duration d) {
        // Computed in double so that a sleep of centuries saturates instead of overflowing toNanos().
        double nanos = (d.getSeconds() * 1e9 + d.getNano()) * options.timeScale();
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }

    /** Waits, blocked, until the time has passed or the domain stopped running; forever for a negative time. */
    private void sleep(SimDomain dom, long nanos) throws InterruptedException {
        lock.lock();
        try {
            dom.blocked = true;
            long remaining = nanos;
            while (dom.state == State.RUNNING && (nanos < 0 || remaining > 0)) {
                if (nanos < 0) {
                    changed.await();
                } else {
                    remaining = changed.awaitNanos(remaining);
                }
            }
        } finally {
            dom.blocked = false;
            lock.unlock();
        }
    }

    private void end(SimDomain dom, GuestEnd how) throws InterruptedException {
        if (how == GuestEnd.HANG) {
            sleep(dom, -1);
            return;
        }
        ShutdownReason reason = how.reason().orElseThrow();
        boolean removed;
        lock.lock();
        try {
            if (dom.state != State.RUNNING) {
                return;
            }
            if (options.faults().vanishes().contains(dom.name)) {
                hv("[simulated fault] d" + dom.id + " destroyed by someone else before its shutdown was seen");
                remove(dom);
                removed = true;
            } else {
                hv(shutdownMessage(dom, reason));
                if (dom.preserve.get(reason)) {
                    dom.state = State.SHUTDOWN;
                    dom.reason = reason;
                    changed.signalAll();
                    removed = false;
                } else {
                    remove(dom);
                    removed = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            closeConsole(dom);
        }
    }

    private static String shutdownMessage(SimDomain dom, ShutdownReason reason) {
        return switch (reason) {
            case CRASH -> "d" + dom.id + "v0 [simulated] domain_crash called: guest requested a crash shutdown";
            case REBOOT ->
                dom.hvm()
                        ? "d" + dom.id + "v0 Triple fault - invoking HVM shutdown action 1 [simulated]"
                        : "d" + dom.id + "v0 [simulated] guest requested a reboot";
            case WATCHDOG -> "Watchdog timer fired for domain " + dom.id + " [simulated]";
            default ->
                "d" + dom.id + "v0 [simulated] shutdown: " + reason.name().toLowerCase(Locale.ROOT);
        };
    }

    // ---- bookkeeping --------------------------------------------------------------------------

    /** Called with the lock held: the domain is gone from the host's lists and its guest stops. */
    private void remove(SimDomain dom) {
        dom.state = State.GONE;
        byId.remove(dom.id);
        byName.remove(dom.name);
        changed.signalAll();
    }

    /** Called without the host lock: waits for a write in flight, then closes the log and hangs up console clients. */
    private void closeConsole(SimDomain dom) {
        dom.io.lock();
        try {
            if (dom.log != null) {
                dom.log.close();
            }
            dom.consoles.forEach(SimulatedConsoleClient::hangUp);
        } finally {
            dom.io.unlock();
        }
    }

    /** Called with the lock held; -1 when every id is taken. */
    private int allocateId() {
        for (int tries = 0; tries < LAST_DOMID; tries++) {
            int id = nextId;
            nextId = nextId >= LAST_DOMID ? 1 : nextId + 1;
            if (!byId.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    private void hv(String line) {
        lock.lock();
        try {
            dmesg.addLast("(XEN) " + line);
            while (dmesg.size() > DMESG_LINES) {
                dmesg.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    private enum State {
        PAUSED,
        RUNNING,
        SHUTDOWN,
        GONE
    }

    /** One simulated domain; its state is guarded by the host lock, its log and consoles by {@link #io}. */
    private static final class SimDomain {
        final int id;
        final String name;
        final String cfgPath;
        final GuestScript script;
        final Map<ShutdownReason, Boolean> preserve;
        final XenconsoledLog log;
        /** The create set {@code serial=}: only then does an HVM domain's device model announce serial/0/tty. */
        final boolean serialSet;

        final List<SimulatedConsoleClient> consoles = new CopyOnWriteArrayList<>();
        final ReentrantLock io = new ReentrantLock();
        /** Written under the host lock; read without it by the guest thread between steps. */
        volatile State state = State.PAUSED;

        boolean blocked;
        ShutdownReason reason;

        SimDomain(
                int id,
                String name,
                String cfgPath,
                GuestScript script,
                Map<ShutdownReason, Boolean> preserve,
                XenconsoledLog log,
                boolean serialSet) {
            this.id = id;
            this.name = name;
            this.cfgPath = cfgPath;
            this.script = script;
            this.preserve = preserve;
            this.log = log;
            this.serialSet = serialSet;
        }

        boolean hvm() {
            return name.startsWith("test-hvm");
        }

        /**
         * Whether xenstore has {@code serial/0/tty}: libxl gives QEMU a {@code -serial} only when the
         * config sets {@code serial=} (xl reads it for HVM only, tools/xl/xl_parse.c), as seen on the
         * lab's Xen 4.17.7. The simulated guest writes the same bytes to every console it has.
         */
        boolean hasSerialPty() {
            return hvm() && serialSet;
        }

        /** The six state letters of {@code xl list}: r b p s, the shutdown reason's letter, d. */
        String stateLetters() {
            char[] s = "------".toCharArray();
            switch (state) {
                case PAUSED -> s[2] = 'p';
                case RUNNING -> s[blocked ? 1 : 0] = blocked ? 'b' : 'r';
                case SHUTDOWN -> {
                    s[3] = 's';
                    s[4] = reason.letter();
                }
                default -> s[5] = 'd';
            }
            return new String(s);
        }
    }
}
