package org.xtfharness.testbed;

import java.util.Objects;
import java.util.Optional;
import org.xtfharness.boot.BootHost;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.host.XenHost;

/** Boot mode: one QEMU per instance on this machine, the tests read from a local XTF tree. */
final class BootTestbed implements Testbed {

    private final BootHost boot;
    private final HostFiles files = new LocalHostFiles();
    private final String xtfDir;

    BootTestbed(BootHost boot, String xtfDir) {
        this.boot = Objects.requireNonNull(boot, "boot");
        this.xtfDir = Objects.requireNonNull(xtfDir, "xtfDir");
    }

    @Override
    public DomainController domains() {
        return boot.domains();
    }

    @Override
    public ConsoleSource console() {
        return boot.console();
    }

    @Override
    public Catalogue catalogue(boolean skipBroken) {
        return skipBroken ? Catalogues.xtfTreeSkippingBroken(files, xtfDir) : Catalogues.xtfTree(files, xtfDir);
    }

    @Override
    public String description() {
        return boot.description();
    }

    /** None: every QEMU is a machine of its own, with no dom0 to inspect or lock. */
    @Override
    public Optional<XenHost> xenHost() {
        return Optional.empty();
    }

    @Override
    public Optional<String> unrunnable(TestInstance instance) {
        return boot.unrunnable(instance);
    }

    /** Kills every QEMU still running and removes the private working directory. */
    @Override
    public void close() {
        boot.close();
    }
}
