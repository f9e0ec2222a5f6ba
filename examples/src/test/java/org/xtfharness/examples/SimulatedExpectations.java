package org.xtfharness.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private SimulatedExpectations() {
    }

    static Map<String, Verdict> of(List<String> selection) {
        SimulatedCatalogue sim = SimulatedCatalogue.standard();
        List<TestInstance> selected = Selection.parse(selection).apply(sim.catalogue());
        HostFilter filter;
        try (SimulatedHost host = SimulatedHosts.create(SimulationOptions.defaults())) {
            filter = HostFilter.of(host.domains().capabilities());
        }
        Map<String, Verdict> expected = new LinkedHashMap<>();
        for (TestInstance i : selected) {
            expected.put(i.name(), filter.check(i).isPresent() ? Verdict.SKIP : sim.expected(i.name()));
        }
        return expected;
    }

    /** Writes them as the scripts' tests read them: one {@code instance VERDICT} line each. */
    static Path write(Map<String, Verdict> expected, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        expected.forEach((name, verdict) -> sb.append(name).append(' ').append(verdict).append('\n'));
        return Files.writeString(file, sb);
    }
}
