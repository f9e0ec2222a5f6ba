package org.xtfharness.testbed;

import java.util.Objects;
import java.util.Optional;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.host.XenHost;
import org.xtfharness.sim.SimulatedHost;

/** A simulated host, reached through its commands and files exactly as a real one, with the catalogue installed on it. */
final class SimulatedTestbed implements Testbed {

    private final SimulatedHost host;
    private final Catalogue catalogue;

    SimulatedTestbed(SimulatedHost host, Catalogue catalogue) {
        this.host = Objects.requireNonNull(host, "host");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    @Override
    public DomainController domains() {
        return host.domains();
    }

    @Override
    public ConsoleSource console() {
        return host.console();
    }

    /** The catalogue installed on it; it has no broken tests to skip. */
    @Override
    public Catalogue catalogue(boolean skipBroken) {
        return catalogue;
    }

    @Override
    public String description() {
        return host.description();
    }

    @Override
    public Optional<XenHost> xenHost() {
        return Optional.of(host.xenHost());
    }

    /** Deletes the simulated host's private files. */
    @Override
    public void close() {
        host.close();
    }
}
