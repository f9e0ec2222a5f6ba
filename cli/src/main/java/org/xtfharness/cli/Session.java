package org.xtfharness.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.xtfharness.boot.BootOptions;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedFaults;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;
import org.xtfharness.testbed.Testbed;
import org.xtfharness.testbed.Testbeds;

/**
 * One command's {@link Testbed}, chosen in one place for every command ({@link HostOptions#simulate(PrintStream)}):
 * an xl host, boot mode or the simulated host, each made by one call to {@link Testbeds}. A simulated
 * host is reached exactly as a real one, through its commands and files. Closes what it opened.
 */
final class Session implements AutoCloseable {

    /** Told of every simulated host a session opens: lets tests see the commands the real code sent it. */
    static volatile Consumer<SimulatedHost> simulatedHostOpened = h -> {};

    final Testbed testbed;
    final String hostDescription;
    /** The dom0's commands and files; in boot mode this machine's, where only local files are read. */
    final XenHost host;

    final DomainController domains;
    /** The testbed's own console (xenconsoled's guest log, boot mode's serial); the live console is built per run ({@link ConsoleOptions}). */
    final ConsoleSource console;

    private final HostOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Catalogue catalogue;

    private Session(HostOptions o, PrintStream err) {
        this.options = o;
        this.testbed = testbed(o, err);
        this.host = testbed.xenHost().orElseGet(Hosts::local);
        this.domains = testbed.domains();
        this.console = testbed.console();
        this.hostDescription = testbed.description();
    }

    private static Testbed testbed(HostOptions o, PrintStream err) {
        Optional<BootOptions> bootOptions = o.bootOptions();
        if (bootOptions.isPresent()) {
            if (o.simulate || !o.target().local()) {
                throw new ConfigurationException("--boot runs QEMU on this machine: it goes with neither --simulate "
                        + "nor a remote --host-target");
            }
            return Testbeds.boot(bootOptions.get(), o.xtfDir);
        }
        if (o.simulate(err)) {
            SimulatedFaults faults = SimulatedFaults.none();
            for (String name : o.simCreateFails) {
                faults = faults.withCreateFailing(name);
            }
            SimulatedHost sim = SimulatedHosts.create(SimulationOptions.builder()
                    .timestamps(o.simTimestampsOn())
                    .guestLogging(o.simGuestLoggingOn())
                    .faults(faults)
                    .build());
            simulatedHostOpened.accept(sim);
            return Testbeds.simulated(sim, SimulatedCatalogue.standard().catalogue());
        }
        if (!o.simCreateFails.isEmpty()) {
            throw new ConfigurationException("--sim-create-fails is for the simulated host only (--simulate)");
        }
        return Testbeds.xl(
                Hosts.of(o.target(), o.ssh(err)),
                XlOptions.builder().xlCommand(o.xl).build(),
                o.logLayout(),
                o.xtfDir);
    }

    static Session open(HostOptions o, PrintStream err) {
        return new Session(o, err);
    }

    /** The xl command line the host is driven with ({@code --xl}). */
    List<String> xlCommand() {
        return options.xl;
    }

    /** Whether this is boot mode: there is no xl host to inspect or lock. */
    boolean boot() {
        return testbed.xenHost().isEmpty();
    }

    /**
     * The host's catalogue; with {@code skipBroken}, broken tests are left out, listed in it and
     * each named once on {@code err} when the catalogue is read.
     */
    Catalogue catalogue(boolean skipBroken, PrintStream err) {
        if (catalogue == null) {
            catalogue = testbed.catalogue(skipBroken);
            catalogue.skipped().forEach(p -> err.println("xtf-harness: skipping a broken test: " + p));
        }
        return catalogue;
    }

    /** Closes the testbed once; the run's signal hook and the command's own end may both get here. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            testbed.close();
        }
    }
}
