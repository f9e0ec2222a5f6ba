package org.xtfharness.testbed;

import java.util.Optional;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.host.XenHost;

/**
 * Where XTF tests run, whatever the kind: a Xen host driven with {@code xl}, boot mode (Xen under
 * QEMU, the test as its initial domain) or a simulated host. Each hands out the three things a
 * {@link org.xtfharness.run.Runner} needs (its domains, the console they print to and the tests it
 * can run) and, closed, gives back what it holds (an ssh connection, QEMUs, private files). Made
 * in one call by {@link Testbeds}:
 *
 * <pre>{@code
 * try (Testbed bed = Testbeds.simulated(SimulationOptions.builder().build())) {
 *     RunSummary s = Runner.builder()
 *             .domains(bed.domains())
 *             .console(bed.console())
 *             .parser(ResultParsers.xtf())
 *             .options(RunOptions.builder().host(bed.description()).build())
 *             .build()
 *             .run(bed.catalogue().instances());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; {@link #close()} may be called more than once.
 */
public interface Testbed extends AutoCloseable {

    /** Creates, runs and destroys the test domains. */
    DomainController domains();

    /** The console the domains print to, as the host's own default captures it (xenconsoled's log, serial). */
    ConsoleSource console();

    /**
     * The tests this testbed can run, read when asked. With {@code skipBroken}, a test whose files
     * are broken is left out and named in {@link Catalogue#skipped()} instead of failing the read.
     */
    Catalogue catalogue(boolean skipBroken);

    /** {@link #catalogue(boolean)} failing on a broken test. */
    default Catalogue catalogue() {
        return catalogue(false);
    }

    /** For messages, journals and reports: where the tests run ({@code root@dom0}, boot mode's image, simulated). */
    String description();

    /**
     * The dom0 the domains live on, as commands and files: what the doctor inspects and the run
     * lock is taken on. Empty in boot mode, where every QEMU is its own machine and nothing is shared.
     */
    Optional<XenHost> xenHost();

    /**
     * Why this testbed cannot run {@code instance} as its cfg asks, if it cannot (boot mode cannot
     * give a 32-bit PV test an image without 32-bit PV): reported as SKIP with the reason, never started.
     */
    default Optional<String> unrunnable(TestInstance instance) {
        return Optional.empty();
    }

    /** Gives back what the testbed holds; its domains are destroyed where the kind owns them (boot mode's QEMUs). */
    @Override
    void close();
}
