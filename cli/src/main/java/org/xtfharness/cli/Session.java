package org.xtfharness.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.xtfharness.boot.BootHost;
import org.xtfharness.boot.BootHosts;
import org.xtfharness.boot.BootOptions;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedFaults;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/**
 * One command's host, chosen in one place for every command ({@link HostOptions#simulate(PrintStream)}):
 * its commands and files, domains, console log, catalogue. A simulated host is reached exactly as a
 * real one, through its commands and files. Closes what it opened.
 */
final class Session implements AutoCloseable {

    /** Told of every simulated host a session opens: lets tests see the commands the real code sent it. */
    static volatile Consumer<SimulatedHost> simulatedHostOpened = h -> {};

    final String hostDescription;
    final XenHost host;
    final DomainController domains;
    /** xenconsoled's guest log; the live console is built per run ({@link ConsoleOptions}). */
    final ConsoleSource console;

    private final HostOptions options;
    /** The simulated host, when that is the host: it has its own catalogue and files to delete. */
    private final SimulatedHost sim;
    /** Boot mode's QEMUs, when that is the host (--boot): no xl, no doctor, no run lock. */
    private final BootHost boot;

    private final AtomicBoolean closed = new AtomicBoolean();
    private Catalogue catalogue;

    private Session(HostOptions o, PrintStream err) {
        this.options = o;
        Optional<BootOptions> bootOptions = o.bootOptions();
        if (bootOptions.isPresent()) {
            if (o.simulate || !o.target().local()) {
                throw new ConfigurationException("--boot runs QEMU on this machine: it goes with neither --simulate "
                        + "nor a remote --host-target");
            }
            sim = null;
            boot = BootHosts.qemu(bootOptions.get());
            host = Hosts.local();
            domains = boot.domains();
            console = boot.console();
            hostDescription = boot.description();
        } else if (o.simulate(err)) {
            boot = null;
            SimulatedFaults faults = SimulatedFaults.none();
            for (String name : o.simCreateFails) {
                faults = faults.withCreateFailing(name);
            }
            sim = SimulatedHosts.create(SimulationOptions.builder()
                    .timestamps(o.simTimestampsOn())
                    .guestLogging(o.simGuestLoggingOn())
                    .faults(faults)
                    .build());
            simulatedHostOpened.accept(sim);
            host = sim.xenHost();
            domains = sim.domains();
            console = sim.console();
            hostDescription = sim.description();
        } else {
            if (!o.simCreateFails.isEmpty()) {
                throw new ConfigurationException("--sim-create-fails is for the simulated host only (--simulate)");
            }
            sim = null;
            boot = null;
            host = Hosts.of(o.target(), o.ssh(err));
            domains = DomainControllers.xl(
                    host.commands(), XlOptions.builder().xlCommand(o.xl).build());
            console = ConsoleSources.xenconsoledLog(host.files(), o.logLayout());
            hostDescription = host.target();
        }
    }

    static Session open(HostOptions o, PrintStream err) {
        return new Session(o, err);
    }

    /** Boot mode's host, when this is boot mode. */
    Optional<BootHost> bootHost() {
        return Optional.ofNullable(boot);
    }

    /** The xl command line the host is driven with ({@code --xl}). */
    List<String> xlCommand() {
        return options.xl;
    }

    /** Whether this is boot mode: there is no xl host to inspect or lock. */
    boolean boot() {
        return boot != null;
    }

    /**
     * The host's catalogue; with {@code skipBroken}, broken tests are left out, listed in it and
     * each named once on {@code err} when the catalogue is read.
     */
    Catalogue catalogue(boolean skipBroken, PrintStream err) {
        if (catalogue == null) {
            catalogue = sim != null
                    ? SimulatedCatalogue.standard().catalogue()
                    : skipBroken
                            ? Catalogues.xtfTreeSkippingBroken(host.files(), options.xtfDir)
                            : Catalogues.xtfTree(host.files(), options.xtfDir);
            catalogue.skipped().forEach(p -> err.println("xtf-harness: skipping a broken test: " + p));
        }
        return catalogue;
    }

    /** Closes the host once; the run's signal hook and the command's own end may both get here. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (boot != null) {
            boot.close();
        } else if (sim != null) {
            sim.close();
        } else {
            Hosts.close(host);
        }
    }
}
