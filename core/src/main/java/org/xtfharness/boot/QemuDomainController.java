package org.xtfharness.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.HostFiles;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.RunningCommand;
import org.xtfharness.time.TimeSource;

/**
 * Each "domain" is one QEMU running Xen with the test binary as the initial domain: created =
 * its argv prepared and its serial log made (empty); unpaused = QEMU started; shut down = Xen's
 * end message on the serial console ({@link XenEndMessages}), after which QEMU is stopped at once
 * (after a halt it would idle on); destroyed = QEMU killed and seen gone, its directory removed.
 * QEMU ending on its own without Xen's end message is an infrastructure failure, its stderr the
 * evidence.
 */
final class QemuDomainController implements DomainController {

    private static final Pattern INSTANCE = Pattern.compile("test-([a-z0-9]+)-([^~]+)(~.+)?");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);
    /**
     * How long the reader goes on after a domU's own last line (its result or panic line) for Xen's
     * word that the domain crashed after all (a crash after SUCCESS); then QEMU is stopped. Xen
     * prints nothing when a domU shuts down normally, so nothing else can end the wait sooner.
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** QEMU writing a device tree and exiting takes well under a second. */
    private static final Duration DUMP_WITHIN = Duration.ofSeconds(60);

    private final BootOptions options;
    private final Path hypervisor;
    private final XenBuild build;
    private final XenArgs args;
    private final Path workDir;
    private final CommandRunner commands;
    private final HostFiles files;
    private final TimeSource time;
    private final BootInstances instances;
    private final AtomicInteger ids = new AtomicInteger();
    /** QEMU's device tree for each machine shape (-m, -smp), dumped once per host. */
    private final Map<String, Fdt.Tree> dumped = new HashMap<>();

    QemuDomainController(
            BootOptions options,
            Path hypervisor,
            XenBuild build,
            XenArgs args,
            Path workDir,
            CommandRunner commands,
            HostFiles files,
            TimeSource time,
            BootInstances instances) {
        this.options = options;
        this.hypervisor = hypervisor;
        this.build = build;
        this.args = args;
        this.workDir = workDir;
        this.commands = commands;
        this.files = files;
        this.time = time;
        this.instances = instances;
    }

    @Override
    public DomainId createPaused(DomainSpec spec) {
        String name = spec.name();
        Matcher m = INSTANCE.matcher(name);
        Optional<Environment> env = m.matches() ? Environment.fromId(m.group(1)) : Optional.empty();
        if (env.isEmpty()) {
            throw new ConfigurationException("boot mode runs XTF instances named test-ENVIRONMENT-TEST, not '" + name
                    + "' (" + spec.cfgPath() + ")");
        }
        BootCfg cfg = cfg(spec.cfgPath());
        Optional<String> refused = BootPlan.unrunnable(env.get(), cfg, build, options);
        if (refused.isPresent()) {
            throw new ConfigurationException(name + ": " + refused.get());
        }
        BootPlan plan = BootPlan.of(options, env.get(), args.forInstance(name, m.group(2)), cfg);
        DomainId id = new DomainId(ids.getAndIncrement() % 0x7FF0 + 1);
        Path dir;
        Path serial;
        List<String> argv;
        SerialProtocol protocol = options.placement() == BootOptions.Placement.DOMU
                ? SerialProtocols.domU()
                : SerialProtocols.initialDomain();
        try {
            dir = Files.createDirectory(workDir.resolve(name + "." + id));
            serial = Files.createFile(dir.resolve("serial.log"));
            if (options.arch() == Arch.ARM64) {
                // QEMU's option parser splits at commas: a link of a plain name stands for the binary.
                Path kernel = Files.createSymbolicLink(dir.resolve(QemuArgv.DOM0), cfg.binary());
                if (options.placement() == BootOptions.Placement.DOMU) {
                    Fdt.Tree tree = Dom0less.tree(
                            dumpedTree(plan),
                            plan.xenLine(),
                            plan.guestMib(),
                            plan.guestVcpus(),
                            Files.size(cfg.binary()),
                            plan.dom0Cmdline());
                    Path dtb = Files.write(dir.resolve("xen.dtb"), Fdt.write(tree));
                    argv = QemuArgv.arm64DomU(options, hypervisor, plan, serial, dtb, kernel);
                } else {
                    argv = QemuArgv.arm64Dom0(options, hypervisor, plan, serial, kernel);
                }
            } else if (options.efi().isPresent()) {
                Path vars = Files.copy(options.efi().get().varsTemplate(), dir.resolve("OVMF_VARS.fd"));
                Path esp = dir.resolve("esp");
                QemuArgv.writeEsp(esp, hypervisor, cfg.binary(), plan);
                argv = QemuArgv.efi(options, options.efi().get(), plan, serial, vars, esp);
            } else {
                // QEMU's multiboot -initrd splits at commas and spaces: a link of a plain name in our
                // own directory stands for a binary path that may hold either.
                Path dom0 = Files.createSymbolicLink(dir.resolve(QemuArgv.DOM0), cfg.binary());
                argv = QemuArgv.multiboot(options, hypervisor, plan, serial, dom0);
            }
        } catch (IOException e) {
            throw new InfrastructureException(
                    "cannot prepare a directory for " + name + " in " + workDir + ": " + e.getMessage(), e);
        }
        instances.add(new BootInstance(name, id, dir, serial, argv, protocol));
        return id;
    }

    /**
     * QEMU's device tree for the plan's machine shape, dumped by QEMU itself once per shape into the
     * host's private directory.
     */
    private Fdt.Tree dumpedTree(BootPlan plan) {
        String shape = plan.memoryMib() + "M-" + plan.cpus();
        synchronized (dumped) {
            Fdt.Tree known = dumped.get(shape);
            if (known != null) {
                return known;
            }
            Path dtb = workDir.resolve("virt-" + shape + ".dtb");
            List<String> argv = QemuArgv.arm64DumpDtb(options, plan, dtb);
            Command dump = new Command(argv, DUMP_WITHIN);
            CommandResult r = commands.run(dump);
            byte[] blob;
            try {
                blob = r.exitCode() == 0 && Files.isRegularFile(dtb) ? Files.readAllBytes(dtb) : null;
            } catch (IOException e) {
                throw new InfrastructureException(
                        "cannot read the device tree QEMU wrote, " + dtb + ": " + e.getMessage(), e);
            }
            if (blob == null) {
                throw new InfrastructureException(
                        "QEMU did not write the machine's device tree (exit " + r.exitCode() + "): `" + dump.display()
                                + "`; its stderr: " + r.stderr().strip());
            }
            Fdt.Tree tree;
            try {
                tree = Fdt.read(blob);
            } catch (IllegalArgumentException e) {
                throw new InfrastructureException(dtb + " from `" + dump.display() + "`: " + e.getMessage(), e);
            }
            dumped.put(shape, tree);
            return tree;
        }
    }

    /** The instance's cfg, read from this machine. */
    private BootCfg cfg(String cfgPath) {
        return BootCfg.parse(cfgPath, new String(files.readAll(cfgPath, 1 << 16), StandardCharsets.UTF_8));
    }

    /**
     * Why the instance cannot boot as its cfg asks, if it cannot: to report it as SKIP before
     * anything starts. A cfg that cannot be read is left to {@link #createPaused}, whose ERROR
     * names what is wrong.
     */
    Optional<String> unrunnable(TestInstance instance) {
        BootCfg cfg;
        try {
            cfg = cfg(instance.cfgPath());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return BootPlan.unrunnable(instance.environment(), cfg, build, options);
    }

    @Override
    public void unpause(DomainId id) {
        BootInstance i = instances.require(id);
        // awaitShutdown stops it long before this; the bound only matters if the harness itself hangs.
        i.start(() -> commands.start(new Command(i.argv, TestInstance.MAX_TIMEOUT)));
    }

    @Override
    public Optional<DomainInfo> find(String name) {
        return instances.find(name).map(QemuDomainController::info);
    }

    @Override
    public List<DomainInfo> list() {
        return instances.all().stream().map(QemuDomainController::info).toList();
    }

    private static DomainInfo info(BootInstance i) {
        Optional<ShutdownReason> end = i.end();
        boolean running = i.qemu().map(RunningCommand::isAlive).orElse(false);
        Set<DomainInfo.Flag> flags = end.isPresent()
                ? Set.of(DomainInfo.Flag.SHUTDOWN)
                : running ? Set.of(DomainInfo.Flag.RUNNING) : Set.of(DomainInfo.Flag.PAUSED);
        return new DomainInfo(i.name, i.id, flags, end);
    }

    @Override
    public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
        BootInstance i = instances.require(name);
        RunningCommand qemu =
                i.qemu().orElseThrow(() -> new InfrastructureException("QEMU for " + name + " was never started"));
        long start = time.nanoTime();
        long deadline = start + timeout.toNanos();
        SerialLogScanner scan = i.scanner(time);
        // A domU's own last line, taken once SETTLE has passed without Xen saying it crashed.
        Optional<ShutdownReason> settling = Optional.empty();
        long settlingSince = 0;
        while (true) {
            boolean alive = qemu.isAlive();
            // Read after the liveness check: a reboot ends QEMU right after Xen's line (-no-reboot).
            Optional<SerialProtocol.End> end = scan.nextEnd(!alive, deadline);
            if (end.isPresent() && !end.get().settle()) {
                return ended(i, qemu, end.get().reason(), start);
            }
            if (end.isPresent()) {
                if (settling.isEmpty()) {
                    settlingSince = time.nanoTime();
                }
                // A panic after a result line makes it a crash; never the other way round.
                if (settling.isEmpty() || end.get().reason() == ShutdownReason.CRASH) {
                    settling = Optional.of(end.get().reason());
                }
                continue;
            }
            if (settling.isPresent()
                    && (time.nanoTime() - settlingSince >= SETTLE.toNanos()
                            || !alive && scan.caughtUp()
                            || time.since(start).compareTo(timeout) >= 0)) {
                return ended(i, qemu, settling.get(), start);
            }
            if (!alive && scan.caughtUp()) {
                OptionalInt status = qemu.waitFor(Duration.ZERO);
                throw new InfrastructureException("QEMU for " + name + " ended on its own (status "
                        + (status.isPresent() ? status.getAsInt() : "unknown")
                        + ") before Xen said how dom0 ended; `"
                        + new Command(i.argv, TestInstance.MAX_TIMEOUT).display()
                        + "`" + stderr(qemu) + stdout(i)
                        + scan.lastXenLine().map(l -> "; Xen's last line: " + l).orElse(""));
            }
            Duration waited = time.since(start);
            if (waited.compareTo(timeout) >= 0) {
                // Taken before the kill, whose grace would otherwise count as quiet.
                String activity = SerialFindings.activity(scan, waited);
                qemu.destroy();
                SerialFindings.requireXenBooted(i, scan, waited, stderr(qemu) + stdout(i));
                return DomainEnd.timedOut(Optional.of(info(i)), waited).withNote(activity);
            }
            try {
                time.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                qemu.destroy();
                throw new InfrastructureException("interrupted while waiting for " + name);
            }
        }
    }

    private DomainEnd ended(BootInstance i, RunningCommand qemu, ShutdownReason reason, long start) {
        qemu.destroy();
        i.ended(reason);
        return DomainEnd.shutdown(info(i), time.since(start));
    }

    private static String stdout(BootInstance i) {
        return i.stdoutTail().map(t -> "; its stdout (" + t + ")").orElse("");
    }

    private static String stderr(RunningCommand qemu) {
        String err = qemu.stderr().strip();
        if (err.isEmpty()) {
            return "; it wrote nothing on stderr";
        }
        return "; its stderr: " + (err.length() > 2000 ? "..." + err.substring(err.length() - 2000) : err);
    }

    @Override
    public boolean destroy(String name) {
        Optional<BootInstance> found = instances.find(name);
        if (found.isEmpty()) {
            return false;
        }
        BootInstance i = found.get();
        // The hook of a signal and the instance's own worker may both get here: one of them cleans up,
        // and each returns only once QEMU is gone.
        boolean first = i.markDestroyed();
        Optional<RunningCommand> qemu = i.qemu();
        if (qemu.isPresent()) {
            qemu.get().destroy();
            // An aborted run interrupts its workers; QEMU must be seen gone all the same, or a
            // signal could end the harness with QEMUs still running.
            boolean interrupted = Thread.interrupted();
            OptionalInt status;
            try {
                status = qemu.get().waitFor(GONE_WITHIN);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (status.isEmpty()) {
                throw new InfrastructureException(
                        "QEMU for " + name + " still runs " + GONE_WITHIN.toSeconds() + " s after it was killed");
            }
        }
        if (first) {
            i.closeScanner();
            instances.remove(name);
            deleteTree(i.dir);
        }
        return true;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new InfrastructureException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HostCapabilities capabilities() {
        if (options.arch() == Arch.ARM64) {
            return new HostCapabilities(build.version().orElse("unknown"), Set.of(HostFilter.ARM64_CAP), Set.of());
        }
        // What the image can start as the initial domain: 64-bit PV, 32-bit PV where it is built in
        // (its embedded .config, else --xen-pv32), and every HVM environment as PVH
        // (hardware-assisted paging from QEMU's CPU model; shadow paging where it is built in).
        boolean pv32 = build.has("CONFIG_PV32").orElse(options.pv32());
        Set<String> caps = pv32
                ? Set.of(
                        HostFilter.PV64_CAP,
                        HostFilter.PV32PAE_CAP,
                        "hvm-3.0-x86_32",
                        "hvm-3.0-x86_32p",
                        "hvm-3.0-x86_64")
                : Set.of(HostFilter.PV64_CAP, "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64");
        Set<String> paging = build.has("CONFIG_SHADOW_PAGING").orElse(false)
                ? Set.of("pv", "hvm", "hap", "shadow")
                : Set.of("pv", "hvm", "hap");
        return new HostCapabilities(build.version().orElse("unknown"), caps, paging);
    }

    /** Evidence: how QEMU was started and the tail of Xen's own lines on its serial console. */
    @Override
    public Optional<String> describe(String name) {
        Optional<BootInstance> found = instances.find(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BootInstance i = found.get();
        return Optional.of("QEMU: " + new Command(i.argv, TestInstance.MAX_TIMEOUT).display() + "\n"
                + SerialFindings.xenEvidence(i.scanner(time), time));
    }
}
