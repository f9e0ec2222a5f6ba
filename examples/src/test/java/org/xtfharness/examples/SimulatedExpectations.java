package org.xtfharness.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Verdict;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/**
 * The verdict a correct run reaches for each instance of a selection on the simulated host: the
 * catalogue's expected verdict, or SKIP where the host lacks what the instance needs (pv32pae).
 */
final class SimulatedExpectations {

    private SimulatedExpectations() {}

    static Map<String, Verdict> of(List<String> selection) {
        SimulatedCatalogue sim = SimulatedCatalogue.standard();
        Set<String> unsupported = hostUnsupported(selection);
        Map<String, Verdict> expected = new LinkedHashMap<>();
        for (TestInstance i : Selection.parse(selection).apply(sim.catalogue())) {
            expected.put(i.name(), unsupported.contains(i.name()) ? Verdict.SKIP : sim.expected(i.name()));
        }
        return expected;
    }

    /** The selected instances the simulated host cannot run (it lacks pv32pae). */
    static Set<String> hostUnsupported(List<String> selection) {
        HostFilter filter;
        try (SimulatedHost host = SimulatedHosts.create(SimulationOptions.defaults())) {
            filter = HostFilter.of(host.domains().capabilities());
        }
        Set<String> unsupported = new LinkedHashSet<>();
        for (TestInstance i :
                Selection.parse(selection).apply(SimulatedCatalogue.standard().catalogue())) {
            if (filter.check(i).isPresent()) {
                unsupported.add(i.name());
            }
        }
        return unsupported;
    }

    /**
     * Writes them as the scripts' tests read them: one {@code instance VERDICT} line each, with a
     * third word {@code host-unsupported} for an instance the host cannot run.
     */
    static Path write(Map<String, Verdict> expected, Set<String> unsupported, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        expected.forEach((name, verdict) -> sb.append(name)
                .append(' ')
                .append(verdict)
                .append(unsupported.contains(name) ? " host-unsupported" : "")
                .append('\n'));
        return Files.writeString(file, sb);
    }
}
