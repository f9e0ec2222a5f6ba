package org.xtfharness.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedFaults;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/** One command's view of the host: domains, console, catalogue; real or simulated. Closes what it opened. */
final class Session implements AutoCloseable {

    final boolean simulated;
    final String hostDescription;
    final DomainController domains;
    /** xenconsoled's guest log; the live console is built per run ({@link ConsoleOptions}). */
    final ConsoleSource console;
    final XenHost host;
    private final HostOptions options;
    private final SimulatedHost sim;
    private Catalogue catalogue;

    private Session(HostOptions o, PrintStream err) {
        this.options = o;
        this.simulated = o.simulated();
        if (simulated) {
            if (!o.simulate) {
                err.println("xtf-harness: no xl on this machine: using the built-in SIMULATED Xen host "
                        + "(pass --host-target to reach a real one)");
            }
            Path logDir;
            try {
                logDir = Files.createTempDirectory("xtf-harness-sim-logs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SimulatedFaults faults = SimulatedFaults.none();
            for (String name : o.simCreateFails) {
                faults = faults.withCreateFailing(name);
            }
            sim = SimulatedHosts.create(SimulationOptions.builder(logDir).timestamps(o.simTimestampsOn())
                    .faults(faults).build());
            host = null;
            domains = sim;
            console = ConsoleSources.xenconsoledLog(new LocalHostFiles(), sim.logLayout());
            hostDescription = "simulated";
        } else {
            if (!o.simCreateFails.isEmpty()) {
                throw new org.xtfharness.error.ConfigurationException(
                        "--sim-create-fails is for the simulated host only (--simulate)");
            }
            sim = null;
            host = Hosts.of(o.target(), o.ssh());
            domains = DomainControllers.xl(host.commands(), XlOptions.builder().xlCommand(o.xl).build());
            console = ConsoleSources.xenconsoledLog(host.files(), o.logLayout());
            hostDescription = host.target();
        }
    }

    static Session open(HostOptions o, PrintStream err) {
        return new Session(o, err);
    }

    /** The host's catalogue; with {@code skipBroken}, broken tests are left out and listed in it. */
    Catalogue catalogue(boolean skipBroken) {
        if (catalogue == null) {
            catalogue = simulated ? SimulatedCatalogue.standard().catalogue()
                    : skipBroken ? Catalogues.xtfTreeSkippingBroken(host.files(), options.xtfDir)
                    : Catalogues.xtfTree(host.files(), options.xtfDir);
        }
        return catalogue;
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
        if (host != null) {
            Hosts.close(host);
        }
    }
}
