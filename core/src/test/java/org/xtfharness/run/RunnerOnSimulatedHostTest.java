package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.ConsoleType;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.console.XenconsoleLocator;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.sim.GuestScript;
import org.xtfharness.sim.SimulatedCatalogue;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;

/** The real Runner, log console source and parser against the simulated host: the protocol end to end. */
class RunnerOnSimulatedHostTest {

    @TempDir
    Path tmp;

    private static SimulationOptions sim(boolean timestamps) {
        // Guest sleeps are instant; the hang still lasts its (unscaled) 3 s runner timeout.
        return SimulationOptions.builder().timestamps(timestamps).timeScale(0).build();
    }

    private static Runner runner(SimulatedHost host, Journal journal, RunListener listener, RunOptions options) {
        return Runner.builder()
                .domains(host.domains())
                .console(host.console())
                .parser(ResultParsers.xtf())
                .store(journal::append)
                .listener(listener)
                .options(options)
                .build();
    }

    private static Journal journal(Path file) {
        return Journal.create(file, new Journal.Header("test", Instant.now(), "simulated"));
    }

    private static List<String> guestDomains(SimulatedHost host) {
        return host.domains().list().stream()
                .map(DomainInfo::name)
                .filter(n -> !n.equals("Domain-0"))
                .toList();
    }

    /**
     * A stock XTF HVM cfg sets no {@code serial=}, so its domain has no serial tty until the runner
     * asks for one: with {@code --console-type serial} every create must carry {@code serial="pty"}.
     */
    @Test
    void reachesTheVerdictsOfStockHvmCfgsThroughTheEmulatedSerialPort() throws Exception {
        SimulatedCatalogue cat = SimulatedCatalogue.standard();
        List<TestInstance> hvm = cat.tests().stream()
                .filter(t -> t.instance().environment() == Environment.HVM64)
                .filter(t -> t.expected() != Verdict.CRASH)
                .map(t -> t.instance())
                .toList();
        assertThat(hvm).isNotEmpty();
        RunSummary summary;
        try (SimulatedHost host = SimulatedHosts.create(sim(false));
                Journal journal = journal(tmp.resolve("serial.jsonl"))) {
            String xenconsole = XenconsoleLocator.locate(
                    host.files(), host.domains().capabilities().xenVersion());
            ConsoleSource serial = ConsoleSources.live(
                    host,
                    LiveConsoleOptions.builder(xenconsole)
                            .type(ConsoleType.SERIAL)
                            .quietPeriod(Duration.ofMillis(50))
                            .build());
            summary = Runner.builder()
                    .domains(host.domains())
                    .console(serial)
                    .parser(ResultParsers.xtf())
                    .store(journal::append)
                    .listener(new RunListener() {})
                    .options(RunOptions.builder().jobs(2).build())
                    .build()
                    .run(hvm);

            assertThat(guestDomains(host)).as("test domains left on the host").isEmpty();
        }

        assertThat(summary.results()).hasSize(hvm.size());
        for (TestResult r : summary.results()) {
            assertThat(r.verdict()).as("%s: %s", r.instance(), r.outcome()).isEqualTo(cat.expected(r.instance()));
            assertThat(r.outcome().cause()).as(r.instance()).isNotEqualTo(Cause.INFRASTRUCTURE);
        }
    }

    @ParameterizedTest(name = "timestamps {0}")
    @ValueSource(booleans = {true, false})
    void everyStandardInstanceGetsExactlyItsExpectedVerdict(boolean timestamps) throws Exception {
        SimulatedCatalogue cat = SimulatedCatalogue.standard();
        Map<String, Boolean> domainGoneWhenReported = new ConcurrentHashMap<>();
        Path journalFile = tmp.resolve("journal.jsonl");
        SummaryKeeper keeper = new SummaryKeeper();
        RunSummary summary;
        try (SimulatedHost host = SimulatedHosts.create(sim(timestamps));
                Journal journal = journal(journalFile)) {
            RunListener checks = new RunListener() {
                @Override
                public void instanceFinished(TestResult r) {
                    // Destroyed by its own worker before it is reported, not left for the end-of-run sweep.
                    domainGoneWhenReported.put(
                            r.instance(), host.domains().find(r.instance()).isEmpty());
                    keeper.instanceFinished(r);
                }
            };
            summary = runner(host, journal, checks, RunOptions.builder().jobs(4).build())
                    .run(cat.catalogue().instances());

            assertThat(guestDomains(host)).as("test domains left on the host").isEmpty();
        }

        assertThat(summary.interrupted()).isFalse();
        assertThat(summary.notRun()).isEmpty();
        Map<String, TestResult> byName =
                summary.results().stream().collect(Collectors.toMap(TestResult::instance, Function.identity()));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        cat.tests().stream().map(t -> t.name()).toList());
        for (var t : cat.tests()) {
            assertThat(byName.get(t.name()).verdict())
                    .as(
                            "%s (%s): %s",
                            t.name(), t.behaviour(), byName.get(t.name()).outcome())
                    .isEqualTo(t.expected());
        }
        assertThat(byName.get("test-pv64-sim-crash-after-success").outcome().cause())
                .isEqualTo(Cause.DOMAIN_CRASHED);
        assertThat(byName.get("test-hvm64-sim-triple-fault").outcome().cause()).isEqualTo(Cause.DOMAIN_REBOOTED);
        assertThat(byName.get("test-pv64-sim-hang").outcome().cause()).isEqualTo(Cause.TIMED_OUT);
        assertThat(byName.get("test-pv64-sim-fooled").outcome().cause()).isEqualTo(Cause.GUEST_REPORTED);
        assertThat(domainGoneWhenReported).hasSize(cat.tests().size()).doesNotContainValue(false);

        Journal.Contents contents = Journal.read(journalFile);
        assertThat(contents.truncated()).isEmpty();
        assertThat(contents.results())
                .hasSize(cat.tests().size())
                .containsExactlyInAnyOrderElementsOf(summary.results());
        assertThat(contents.results()).containsExactlyElementsOf(keeper.finished);
    }

    @ParameterizedTest(name = "timestamps {0}")
    @ValueSource(booleans = {true, false})
    void reportsCrashNotTheEarlierFailureWhenASameNameRerunDiesSilently(boolean timestamps) throws Exception {
        TestInfo info = new TestInfo("rerun", Category.FUNCTIONAL, List.of(Environment.PV64), List.of());
        TestInstance first =
                new TestInstance(info, Environment.PV64, Optional.empty(), "sim:/rerun/1.cfg", Duration.ofSeconds(20));
        TestInstance second =
                new TestInstance(info, Environment.PV64, Optional.empty(), "sim:/rerun/2.cfg", Duration.ofSeconds(20));
        Path journalFile = tmp.resolve("journal.jsonl");
        try (SimulatedHost host = SimulatedHosts.empty(sim(timestamps));
                Journal journal = journal(journalFile)) {
            host.install(
                    first.cfgPath(),
                    GuestScript.xtf(Environment.PV64, "Rerun: fails")
                            .print("Fail: first run")
                            .result("FAILURE")
                            .poweroff());
            host.install(second.cfgPath(), GuestScript.builder().crash());

            RunSummary run1 = runner(host, journal, new RunListener() {}, RunOptions.defaults())
                    .run(List.of(first));
            RunSummary run2 = runner(host, journal, new RunListener() {}, RunOptions.defaults())
                    .run(List.of(second));

            assertThat(run1.results())
                    .singleElement()
                    .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.FAILURE));
            assertThat(run2.results()).singleElement().satisfies(r -> {
                assertThat(r.instance()).isEqualTo(first.name());
                assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.CRASH);
                assertThat(r.outcome().cause()).isEqualTo(Cause.DOMAIN_CRASHED);
                assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("FAILURE") || l.contains("Fail:"));
            });
            assertThat(guestDomains(host)).isEmpty();
        }
        assertThat(Journal.read(journalFile).results())
                .extracting(TestResult::verdict)
                .containsExactly(Verdict.FAILURE, Verdict.CRASH);
    }

    @ParameterizedTest(name = "timestamps {0}")
    @ValueSource(booleans = {true, false})
    void destroysAStaleDomainOfTheSameNameAndNotesItInTheEvidence(boolean timestamps) throws Exception {
        SimulatedCatalogue cat = SimulatedCatalogue.standard();
        TestInstance success = cat.find("test-pv64-sim-success").orElseThrow().instance();
        try (SimulatedHost host = SimulatedHosts.create(sim(timestamps));
                Journal journal = journal(tmp.resolve("journal.jsonl"))) {
            host.domains().createPaused(DomainSpec.preserving(success.name(), success.cfgPath()));
            assertThat(host.domains().find(success.name()))
                    .hasValueSatisfying(d -> assertThat(d.isPaused()).isTrue());

            RunSummary summary = runner(host, journal, new RunListener() {}, RunOptions.defaults())
                    .run(List.of(success));

            assertThat(summary.results()).singleElement().satisfies(r -> {
                assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.SUCCESS);
                assertThat(r.evidence().notes())
                        .anyMatch(n -> n.contains("destroyed a stale domain " + success.name()));
            });
            assertThat(guestDomains(host)).isEmpty();
        }
    }

    /** Remembers results in the order they were reported. */
    private static final class SummaryKeeper {
        final List<TestResult> finished = new CopyOnWriteArrayList<>();

        void instanceFinished(TestResult r) {
            finished.add(r);
        }
    }
}
