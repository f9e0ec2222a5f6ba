package org.xtfharness.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

class TestbedsTest {

    private static final SimulationOptions INSTANT =
            SimulationOptions.builder().timeScale(0).build();

    @Test
    void aSimulatedTestbedMadeInOneCallRunsItsOwnCatalogueToTheExpectedVerdicts() {
        SimulatedCatalogue standard = SimulatedCatalogue.standard();
        try (Testbed bed = Testbeds.simulated(INSTANT)) {
            List<TestInstance> some = bed.catalogue().instances().stream()
                    .filter(i -> i.name().contains("pv64"))
                    .filter(i -> standard.expected(i.name()) != Verdict.CRASH)
                    .limit(4)
                    .toList();
            assertThat(some).isNotEmpty();

            RunSummary summary = Runner.builder()
                    .domains(bed.domains())
                    .console(bed.console())
                    .parser(ResultParsers.xtf())
                    .build()
                    .run(some);

            Map<String, Verdict> got =
                    summary.results().stream().collect(Collectors.toMap(TestResult::instance, TestResult::verdict));
            Map<String, Verdict> expected =
                    some.stream().collect(Collectors.toMap(TestInstance::name, i -> standard.expected(i.name())));
            assertThat(got).isEqualTo(expected);
            assertThat(bed.xenHost()).isPresent();
            assertThat(bed.description()).contains("simulated");
            assertThat(bed.unrunnable(some.get(0))).isEmpty();
        }
    }

    @Test
    void anXlTestbedDrivesTheHostItWasGivenAndClosingItTwiceIsHarmless() {
        SimulatedHost sim = SimulatedHosts.create(INSTANT);
        Testbed bed = Testbeds.xl(sim.xenHost(), XlOptions.defaults(), LogLayout.XENCONSOLED_DEFAULT, "/opt/xtf");
        try {
            assertThat(bed.xenHost()).contains(sim.xenHost());
            assertThat(bed.description()).isEqualTo(sim.xenHost().target());
            assertThat(bed.domains().capabilities().xenVersion()).isEqualTo(SimulatedHost.XEN_VERSION);
            assertThat(sim.calls()).anySatisfy(argv -> assertThat(argv).contains("info"));
        } finally {
            bed.close();
            bed.close();
        }
    }
}
