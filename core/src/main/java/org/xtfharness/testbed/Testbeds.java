package org.xtfharness.testbed;

import org.xtfharness.boot.BootHosts;
import org.xtfharness.boot.BootOptions;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.XenHost;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/**
 * Makes a {@link Testbed} of each kind, each in one call: {@code Testbeds.xl(Hosts.ssh(target,
 * ssh), "/opt/xtf")}, {@code Testbeds.boot(bootOptions, xtfDir)}, {@code
 * Testbeds.simulated(SimulationOptions.builder().build())}.
 */
public final class Testbeds {

    private Testbeds() {}

    /**
     * A Xen host driven with {@code xl} (its default command line) through {@code host}'s commands,
     * its console from xenconsoled's log in its default place, the tests from the XTF tree at
     * {@code xtfDir} on the host. Closing it closes {@code host}.
     */
    public static Testbed xl(XenHost host, String xtfDir) {
        return xl(host, XlOptions.defaults(), LogLayout.XENCONSOLED_DEFAULT, xtfDir);
    }

    /** As {@link #xl(XenHost, String)}, with this {@code xl} and this log layout (a XenServer's, say). */
    public static Testbed xl(XenHost host, XlOptions xl, LogLayout layout, String xtfDir) {
        return new XlTestbed(host, xl, layout, xtfDir);
    }

    /**
     * Boot mode on this machine: Xen under QEMU, each test its initial domain, the tests from the
     * local XTF tree at {@code xtfDir}.
     *
     * @throws org.xtfharness.error.ConfigurationException as {@link BootHosts#qemu(BootOptions)}
     */
    public static Testbed boot(BootOptions options, String xtfDir) {
        return new BootTestbed(BootHosts.qemu(options), xtfDir);
    }

    /** A simulated host with the {@linkplain SimulatedCatalogue#standard() standard simulated catalogue}. */
    public static Testbed simulated(SimulationOptions options) {
        return simulated(
                SimulatedHosts.create(options), SimulatedCatalogue.standard().catalogue());
    }

    /** A simulated host made elsewhere (with guests of one's own installed), whose tests are {@code catalogue}. */
    public static Testbed simulated(SimulatedHost host, Catalogue catalogue) {
        return new SimulatedTestbed(host, catalogue);
    }
}
