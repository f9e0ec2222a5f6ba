package org.xtfharness.testbed;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;

/** A Xen host driven with {@code xl} over its commands, its console read from xenconsoled's log. */
final class XlTestbed implements Testbed {

    private final XenHost host;
    private final String xtfDir;
    private final DomainController domains;
    private final ConsoleSource console;
    private final AtomicBoolean closed = new AtomicBoolean();

    XlTestbed(XenHost host, XlOptions xl, LogLayout layout, String xtfDir) {
        this.host = Objects.requireNonNull(host, "host");
        this.xtfDir = Objects.requireNonNull(xtfDir, "xtfDir");
        this.domains = DomainControllers.xl(host.commands(), Objects.requireNonNull(xl, "xl"));
        this.console = ConsoleSources.xenconsoledLog(host.files(), Objects.requireNonNull(layout, "layout"));
    }

    @Override
    public DomainController domains() {
        return domains;
    }

    @Override
    public ConsoleSource console() {
        return console;
    }

    @Override
    public Catalogue catalogue(boolean skipBroken) {
        return skipBroken
                ? Catalogues.xtfTreeSkippingBroken(host.files(), xtfDir)
                : Catalogues.xtfTree(host.files(), xtfDir);
    }

    @Override
    public String description() {
        return host.target();
    }

    @Override
    public Optional<XenHost> xenHost() {
        return Optional.of(host);
    }

    /** Ends the ssh connection the host holds; nothing for this machine. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Hosts.close(host);
        }
    }
}
