package org.xtfharness.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;

/**
 * A simulated Xen host, in-process: xl, xenconsoled and the guests, with no hypervisor at all.
 *
 * <p>Guests are {@link GuestScript}s installed under a cfg path. {@link #createPaused} opens the
 * guest log as xenconsoled does ({@code LOG_DIR/guest-NAME.log}, appended, with a
 * {@code Logfile Opened} line when timestamps are on) while the domain is still paused;
 * {@link #unpause} runs the script on a guest thread that writes straight to that log, so every
 * byte is in the file before the shutdown it precedes becomes visible, as XTF's PV console
 * guarantees on a real host. A guest's end follows the spec's {@code on_*} actions: preserved
 * domains stay listed as shut down, destroyed ones vanish. The log files are real files, so the
 * harness's xenconsoled log source reads them exactly as it reads a real host's.
 *
 * <p>Thread-safe: several runner jobs may create, wait for and destroy domains at once. Close the
 * host to destroy what is left and stop its guest threads.
 */
public final class SimulatedHost implements DomainController, AutoCloseable {

    /** The {@code xen_version} a simulated host reports. */
    public static final String XEN_VERSION = "4.17.0-simulated";

    private static final String DOM0 = "Domain-0";
    private static final int LAST_DOMID = 0x7FEF;
    private static final int DMESG_LINES = 1000;
    private static final int FLOOD_CHUNK = 64 * 1024;
    private static final AtomicInteger HOSTS = new AtomicInteger();

    private final SimulationOptions options;
    private final Map<String, GuestScript> installed = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every state change; waiters and sleeping guests recheck their own condition. */
    private final Condition changed = lock.newCondition();
    private final Map<Integer, SimDomain> byId = new HashMap<>();
    private final Map<String, SimDomain> byName = new HashMap<>();
    private final Set<String> destroyFaultsUsed = new HashSet<>();
    private final Deque<String> dmesg = new ArrayDeque<>();
    private final ExecutorService guests;
    private int nextId = 1;
    private boolean closed;

    /** A host with nothing installed; see {@link SimulatedHosts} for one with the simulated catalogue. */
    public SimulatedHost(SimulationOptions options) {
        this.options = options;
        int host = HOSTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.guests = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-host" + host + "-guest" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // xenconsoled creates its log directory when it starts, before any guest exists; the console
        // source checks that directory before the first domain is created.
        try {
            Files.createDirectories(options.logDir());
        } catch (IOException e) {
            throw new InfrastructureException("simulated xenconsoled cannot create its log directory "
                    + options.logDir() + ": " + e, e);
        }
        hv("Xen version " + XEN_VERSION + " (xtf-harness simulation: no hypervisor is running)");
        hv("Command line: simulated");
    }

    /** The options this host runs with. */
    public SimulationOptions options() {
        return options;
    }

    /**
     * Installs a guest under a cfg path, as copying a test's cfg and kernel onto a host would.
     * Creating a domain from that path runs this script. Replaces any guest installed there.
     */
    public void install(String cfgPath, GuestScript script) {
        if (cfgPath == null || cfgPath.isEmpty()) {
            throw new IllegalArgumentException("a cfg path is needed to install a simulated guest");
        }
        installed.put(cfgPath, Objects.requireNonNull(script, "script"));
    }

    /** Where xenconsoled logs the named guest: {@code LOG_DIR/guest-NAME.log}. */
    public Path logPath(String domainName) {
        return options.logDir().resolve("guest-" + DomainNames.requireValid(domainName) + ".log");
    }

    /** The log layout to give the xenconsoled log console source for this host. */
    public LogLayout logLayout() {
        return new LogLayout(options.logDir().toString(), "guest-%s.log");
    }

    /** One line for people: what this host is and where its logs are. */
    public String description() {
        return "simulated Xen host (Xen " + XEN_VERSION + ", no hypervisor; guest logs in " + options.logDir()
                + ", timestamps " + (options.timestamps() ? "on" : "off") + ")";
    }

    @Override
    public String toString() {
        return description();
    }

    // ---- DomainController -------------------------------------------------------------------

    @Override
    public DomainId createPaused(DomainSpec spec) {
        String name = spec.name();
        Map<ShutdownReason, Boolean> preserve = actions(spec);
        GuestScript script = installed.get(spec.cfgPath());
        if (script == null) {
            throw new InfrastructureException("simulated xl create " + spec.cfgPath() + " failed: Failed to read config file: "
                    + spec.cfgPath() + ": No such file or directory");
        }
        lock.lock();
        try {
            requireOpen();
            if (options.faults().createFails().contains(name)) {
                throw new InfrastructureException("simulated xl create " + spec.cfgPath() + " failed (injected fault): "
                        + "libxl: error: libxl_create.c: cannot make domain: -3");
            }
            if (byName.containsKey(name)) {
                throw new InfrastructureException("simulated xl create " + spec.cfgPath() + " failed: libxl: error: "
                        + "libxl_domain.c: Domain with name \"" + name + "\" already exists.");
            }
            DomainId id = new DomainId(allocateId());
            // The console connects while the domain is paused, so the log is open before anyone can unpause it.
            XenconsoledLog log = XenconsoledLog.open(logPath(name), options.timestamps(), options.clock());
            SimDomain dom = new SimDomain(id, name, spec.cfgPath(), script, preserve, log);
            byId.put(id.value(), dom);
            byName.put(name, dom);
            changed.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unpause(DomainId id) {
        lock.lock();
        try {
            requireOpen();
            SimDomain dom = byId.get(id.value());
            if (dom == null) {
                throw new InfrastructureException("simulated xl unpause " + id + " failed: libxl: error: "
                        + "Domain " + id + " does not exist");
            }
            if (dom.state != State.PAUSED) {
                return; // unpausing a running or shut-down domain changes nothing, as on Xen
            }
            dom.state = State.RUNNING;
            changed.signalAll();
            guests.execute(() -> runGuest(dom));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<DomainInfo> find(String name) {
        if (DOM0.equals(name)) {
            return Optional.of(dom0());
        }
        lock.lock();
        try {
            return Optional.ofNullable(byName.get(name)).map(SimDomain::info);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<DomainInfo> list() {
        lock.lock();
        try {
            List<DomainInfo> all = new ArrayList<>();
            all.add(dom0());
            byId.values().stream().sorted(Comparator.comparingInt(d -> d.id.value())).forEach(d -> all.add(d.info()));
            return all;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
        long start = System.nanoTime();
        long remaining = Math.max(0, timeout.toNanos());
        lock.lock();
        try {
            SimDomain dom = byId.get(id.value());
            if (dom == null || !dom.name.equals(name)) {
                return DomainEnd.vanished(Optional.empty(), since(start));
            }
            DomainInfo seen = dom.info();
            while (true) {
                if (dom.state == State.GONE) {
                    return DomainEnd.vanished(Optional.of(seen), since(start));
                }
                seen = dom.info();
                if (dom.state == State.SHUTDOWN) {
                    return DomainEnd.shutdown(seen, since(start));
                }
                if (remaining <= 0) {
                    return DomainEnd.timedOut(Optional.of(seen), since(start));
                }
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for simulated domain " + name + " to shut down", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean destroy(String name) {
        SimDomain dom;
        lock.lock();
        try {
            if (DOM0.equals(name)) {
                throw new InfrastructureException("simulated xl destroy " + name + " failed: cannot destroy domain 0");
            }
            dom = byName.get(name);
            if (dom == null) {
                return false;
            }
            if (options.faults().destroyFailsOnce().contains(name) && destroyFaultsUsed.add(name)) {
                throw new InfrastructureException("simulated xl destroy " + name + " failed (injected fault): "
                        + "libxl: error: libxl_domain.c: Domain " + dom.id + ":Destruction of domain failed");
            }
            remove(dom);
        } finally {
            lock.unlock();
        }
        closeLog(dom);
        return true;
    }

    @Override
    public HostCapabilities capabilities() {
        return new HostCapabilities(XEN_VERSION,
                Set.of("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64"), Set.of("hvm"));
    }

    @Override
    public Optional<String> describe(String name) {
        lock.lock();
        try {
            SimDomain d = byName.get(name);
            if (d == null) {
                return Optional.empty();
            }
            DomainInfo info = d.info();
            StringBuilder b = new StringBuilder();
            b.append("# simulated domain (xtf-harness simulation: no hypervisor, no xl)\n");
            b.append("name: ").append(d.name).append('\n');
            b.append("domid: ").append(d.id).append('\n');
            b.append("type: ").append(d.name.startsWith("test-hvm") ? "hvm" : "pv").append('\n');
            b.append("state: ").append(info.stateLetters()).append('\n');
            info.shutdownReason().ifPresent(r -> b.append("shutdown_reason: ")
                    .append(r.name().toLowerCase(Locale.ROOT)).append(" (code ").append(r.code()).append(")\n"));
            b.append("config: ").append(d.cfgPath).append('\n');
            for (Map.Entry<ShutdownReason, Boolean> e : d.preserve.entrySet()) {
                b.append("on_").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(": ")
                        .append(e.getValue() ? "preserve" : "destroy").append('\n');
            }
            b.append("console_log: ").append(d.log.path()).append('\n');
            return Optional.of(b.toString());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> hypervisorLogTail(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines < 0: " + lines);
        }
        lock.lock();
        try {
            List<String> all = new ArrayList<>(dmesg);
            return Optional.of(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
        } finally {
            lock.unlock();
        }
    }

    // ---- xenconsoled --------------------------------------------------------------------------

    /**
     * What {@code SIGHUP} does to xenconsoled: every open guest log is closed and opened again by
     * name (writing {@code Logfile Opened} if timestamps are on). After a rename-rotation the guest's
     * further output goes to a new file; until then it keeps going to the renamed one.
     */
    public void reopenLogs() {
        List<SimDomain> open;
        lock.lock();
        try {
            open = new ArrayList<>(byId.values());
        } finally {
            lock.unlock();
        }
        for (SimDomain d : open) {
            d.io.lock();
            try {
                if (d.state != State.GONE) {
                    d.log.reopen();
                }
            } finally {
                d.io.unlock();
            }
        }
    }

    /** Destroys every domain left and stops the guest threads. The host refuses new domains afterwards. */
    @Override
    public void close() {
        List<SimDomain> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(byId.values());
            left.forEach(this::remove);
        } finally {
            lock.unlock();
        }
        left.forEach(this::closeLog);
        guests.shutdownNow();
        try {
            guests.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                } else if (step instanceof GuestStep.End e) {
                    end(dom, e.how());
                }
            }
        } catch (InterruptedException e) {
            // The host is closing.
            Thread.currentThread().interrupt();
        }
    }

    /** The guest's console write; xenconsoled copies it to the log at once, unless the domain is gone. */
    private void emit(SimDomain dom, byte[] bytes) {
        dom.io.lock();
        try {
            if (dom.state != State.RUNNING) {
                return;
            }
            try {
                dom.log.write(bytes, 0, bytes.length);
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
            closeLog(dom);
        }
    }

    private static String shutdownMessage(SimDomain dom, ShutdownReason reason) {
        boolean hvm = dom.name.startsWith("test-hvm");
        switch (reason) {
            case CRASH:
                return "d" + dom.id + "v0 [simulated] domain_crash called: guest requested a crash shutdown";
            case REBOOT:
                return hvm ? "d" + dom.id + "v0 Triple fault - invoking HVM shutdown action 1 [simulated]"
                        : "d" + dom.id + "v0 [simulated] guest requested a reboot";
            case WATCHDOG:
                return "Watchdog timer fired for domain " + dom.id + " [simulated]";
            default:
                return "d" + dom.id + "v0 [simulated] shutdown: " + reason.name().toLowerCase(Locale.ROOT);
        }
    }

    // ---- bookkeeping --------------------------------------------------------------------------

    /** Called with the lock held: the domain is gone from the host's lists and its guest stops. */
    private void remove(SimDomain dom) {
        dom.state = State.GONE;
        byId.remove(dom.id.value());
        byName.remove(dom.name);
        changed.signalAll();
    }

    /** Called without the host lock: waits for a write in flight, then closes the log. */
    private void closeLog(SimDomain dom) {
        dom.io.lock();
        try {
            dom.log.close();
        } finally {
            dom.io.unlock();
        }
    }

    private int allocateId() {
        for (int tries = 0; tries < LAST_DOMID; tries++) {
            int id = nextId;
            nextId = nextId >= LAST_DOMID ? 1 : nextId + 1;
            if (!byId.containsKey(id)) {
                return id;
            }
        }
        throw new InfrastructureException("simulated xl create failed: no free domain id");
    }

    private void requireOpen() {
        if (closed) {
            throw new InfrastructureException("the simulated Xen host is closed");
        }
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

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static DomainInfo dom0() {
        return new DomainInfo(DOM0, new DomainId(0), Set.of(DomainInfo.Flag.RUNNING), Optional.empty());
    }

    /** The spec's {@code on_*} overrides, last one winning; anything not overridden is destroy, as xl's default. */
    private static Map<ShutdownReason, Boolean> actions(DomainSpec spec) {
        Map<ShutdownReason, Boolean> preserve = new EnumMap<>(ShutdownReason.class);
        for (ShutdownReason r : List.of(ShutdownReason.POWEROFF, ShutdownReason.REBOOT, ShutdownReason.CRASH,
                ShutdownReason.WATCHDOG)) {
            preserve.put(r, false);
        }
        for (String override : spec.overrides()) {
            int eq = override.indexOf('=');
            String key = override.substring(0, eq).trim();
            String value = unquote(override.substring(eq + 1).trim());
            ShutdownReason reason;
            switch (key) {
                case "on_poweroff": reason = ShutdownReason.POWEROFF; break;
                case "on_reboot": reason = ShutdownReason.REBOOT; break;
                case "on_crash": reason = ShutdownReason.CRASH; break;
                case "on_watchdog": reason = ShutdownReason.WATCHDOG; break;
                default: continue; // other settings change nothing a simulated guest does
            }
            switch (value) {
                case "preserve": preserve.put(reason, true); break;
                case "destroy": preserve.put(reason, false); break;
                default:
                    throw new ConfigurationException("the simulated host supports only preserve and destroy for "
                            + key + ", not '" + value + "' (override '" + override + "' for " + spec.name() + ")");
            }
        }
        return preserve;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private enum State { PAUSED, RUNNING, SHUTDOWN, GONE }

    /** One simulated domain; its state is guarded by the host lock, its log by {@link #io}. */
    private static final class SimDomain {
        final DomainId id;
        final String name;
        final String cfgPath;
        final GuestScript script;
        final Map<ShutdownReason, Boolean> preserve;
        final XenconsoledLog log;
        final ReentrantLock io = new ReentrantLock();
        /** Written under the host lock; read without it by the guest thread between steps. */
        volatile State state = State.PAUSED;
        boolean blocked;
        ShutdownReason reason;

        SimDomain(DomainId id, String name, String cfgPath, GuestScript script, Map<ShutdownReason, Boolean> preserve,
                  XenconsoledLog log) {
            this.id = id;
            this.name = name;
            this.cfgPath = cfgPath;
            this.script = script;
            this.preserve = preserve;
            this.log = log;
        }

        /** Called with the host lock held. */
        DomainInfo info() {
            Set<DomainInfo.Flag> flags = EnumSet.noneOf(DomainInfo.Flag.class);
            switch (state) {
                case PAUSED:
                    flags.add(DomainInfo.Flag.PAUSED);
                    break;
                case RUNNING:
                    flags.add(blocked ? DomainInfo.Flag.BLOCKED : DomainInfo.Flag.RUNNING);
                    break;
                case SHUTDOWN:
                    flags.add(DomainInfo.Flag.SHUTDOWN);
                    break;
                default:
                    flags.add(DomainInfo.Flag.DYING);
                    break;
            }
            return new DomainInfo(name, id, flags, state == State.SHUTDOWN ? Optional.of(reason) : Optional.empty());
        }
    }
}
