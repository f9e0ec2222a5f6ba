package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/**
 * How a JUnit 5 suite can run XTF: one {@link Runner} run up front (so instances run in parallel
 * and each domain's life is the runner's business), then one dynamic test per result, named by
 * instance, so the IDE and the CI's JUnit report show each XTF instance as a test.
 *
 * <p>Here the host is the simulated one and each test asserts the verdict a correct run reaches
 * ({@link SimulatedCatalogue#expected}, or SKIP where the host lacks support). A suite for a real
 * host would assert what it cares about instead, e.g. that the verdict is SUCCESS or SKIP, with
 * the outcome's reason as the failure message.
 */
class XtfSuiteTest {

    @TestFactory
    Stream<DynamicTest> eachSimulatedInstanceReachesItsExpectedVerdict() {
        SimulatedCatalogue sim = SimulatedCatalogue.standard();
        List<TestInstance> selected = Selection.parse(List.of("--all")).apply(sim.catalogue());
        RunSummary summary;
        HostFilter.Split split;
        try (SimulatedHost host = SimulatedHosts.create(SimulationOptions.defaults())) {
            split = HostFilter.of(host.domains().capabilities()).split(selected);
            List<Unrunnable> unrunnable = new ArrayList<>();
            split.unsupported().forEach(u -> unrunnable.add(new Unrunnable(u.instance(), u.reason())));
            summary = Runner.builder()
                    .domains(host.domains())
                    .console(host.console())
                    .parser(ResultParsers.xtf())
                    .options(RunOptions.builder()
                            .jobs(2)
                            .host(host.description())
                            .build())
                    .build()
                    .run(split.runnable(), unrunnable, List.of());
        }
        assertThat(summary.interrupted()).as("the run was not interrupted").isFalse();
        assertThat(summary.results())
                .extracting(TestResult::instance)
                .as("one result per selected instance")
                .containsExactlyInAnyOrderElementsOf(
                        selected.stream().map(TestInstance::name).toList());

        List<String> unsupported =
                split.unsupported().stream().map(u -> u.instance().name()).toList();
        return summary.results().stream()
                .map(r -> DynamicTest.dynamicTest(r.instance(), () -> {
                    Verdict expected = unsupported.contains(r.instance()) ? Verdict.SKIP : sim.expected(r.instance());
                    assertThat(r.verdict())
                            .as(
                                    "%s: %s (%s)",
                                    r.instance(),
                                    r.outcome().reason(),
                                    r.outcome().cause())
                            .isEqualTo(expected);
                }));
    }
}
