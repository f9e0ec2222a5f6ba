package org.xtfharness.sim;

/**
 * Makes simulated Xen hosts: in-process stand-ins for a dom0's commands and files, xenconsoled and
 * XTF guests, with no hypervisor. What they report ({@code xen_version}
 * {@value SimulatedHost#XEN_VERSION}, the description, the hypervisor log) says they are simulated.
 * Each host keeps its files in a private temporary directory until it is closed.
 */
public final class SimulatedHosts {

    private SimulatedHosts() {}

    /** A simulated host with the {@link SimulatedCatalogue#standard() standard simulated catalogue} installed. */
    public static SimulatedHost create(SimulationOptions options) {
        SimulatedHost host = new SimulatedHost(options);
        SimulatedCatalogue.standard().installInto(host);
        return host;
    }

    /** A simulated host with no guests installed: install your own with {@link SimulatedHost#install}. */
    public static SimulatedHost empty(SimulationOptions options) {
        return new SimulatedHost(options);
    }
}
