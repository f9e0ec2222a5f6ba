package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;

/**
 * Boot mode as a host: a {@link DomainController} whose domains are QEMUs running Xen with the
 * test as the initial domain, and the {@link ConsoleSource} of their serial consoles. {@link
 * #close()} kills any QEMU still running and removes the private working directory (with the
 * decompressed hypervisor, if there is one).
 */
public final class BootHost implements AutoCloseable {

    private final BootOptions options;
    private final Path workDir;
    private final BootInstances instances;
    private final QemuDomainController domains;
    private final SerialConsoleSource console;
    private final AtomicBoolean closed = new AtomicBoolean();

    BootHost(BootOptions options, Path workDir, BootInstances instances, QemuDomainController domains) {
        this.options = options;
        this.workDir = workDir;
        this.instances = instances;
        this.domains = domains;
        this.console = new SerialConsoleSource(instances);
    }

    /** One QEMU per instance. */
    public DomainController domains() {
        return domains;
    }

    /** The instances' serial consoles, Xen's own lines left out. */
    public ConsoleSource console() {
        return console;
    }

    /**
     * Why boot mode cannot give an instance what its cfg asks, if it cannot (a 32-bit PV test on
     * an image without 32-bit PV, {@code hap=0} without shadow paging, an xl setting an initial
     * domain cannot have): reported as SKIP with that reason, before anything starts.
     */
    public Optional<String> unrunnable(TestInstance instance) {
        return domains.unrunnable(instance);
    }

    /** For messages and journals: {@code boot mode: xen-4.17-amd64.gz under qemu-system-x86_64 (tcg)}. */
    public String description() {
        return "boot mode" + (options.efi().isPresent() ? " (EFI)" : "")
                + (options.arch() == Arch.ARM64
                        ? " (arm64, the test as " + options.placement().id() + ")"
                        : "")
                + ": "
                + options.hypervisor().getFileName() + " under " + options.qemu() + " ("
                + options.accel().id() + ")";
    }

    /** The private directory: one subdirectory per instance while it exists. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException first = null;
        for (BootInstance i : instances.all()) {
            try {
                domains.destroy(i.name);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            QemuDomainController.deleteTree(workDir);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
