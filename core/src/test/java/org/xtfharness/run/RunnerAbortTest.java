package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.journal.Journal;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.sim.GuestScript;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.sim.SimulatedHosts;
import org.xtfharness.sim.SimulationOptions;
import org.xtfharness.testing.FakeXl;

/** {@link Runner#abort()} from another thread while a hanging instance runs and more are queued. */
class RunnerAbortTest {

    /** Far longer than the test may take: only the abort can end the hang. */
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(120);
    /** How long run may take to return after the abort: well under the hang's timeout. */
    private static final long PROMPT_SECONDS = 20;

    @TempDir
    Path tmp;

    @Test
    void abortDuringAHangOnTheSimulatedHostKeepsFinishedResultsAndLeavesNoDomain() throws Exception {
        TestInfo info = new TestInfo(
                "abort",
                Category.FUNCTIONAL,
                List.of(Environment.PV64, Environment.PV32PAE, Environment.HVM64, Environment.HVM32),
                List.of());
        List<TestInstance> instances = List.of(
                instance(info, Environment.PV64, "sim:/abort/ok.cfg"),
                instance(info, Environment.PV32PAE, "sim:/abort/hang.cfg"),
                instance(info, Environment.HVM64, "sim:/abort/ok.cfg"),
                instance(info, Environment.HVM32, "sim:/abort/ok.cfg"));
        try (SimulatedHost host =
                SimulatedHosts.empty(SimulationOptions.builder().timeScale(0).build())) {
            host.install(
                    "sim:/abort/ok.cfg",
                    GuestScript.builder().print("Test result: SUCCESS").poweroff());
            host.install(
                    "sim:/abort/hang.cfg",
                    GuestScript.builder().print("spinning").hang());
            DomainController xl = host.domains();

            abortDuringHang(
                    xl,
                    host.console(),
                    instances,
                    () -> xl.find(instances.get(1).name()));

            assertThat(xl.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
        }
    }

    @Test
    void abortDuringAHangThroughFakeXlKeepsFinishedResultsAndLeavesNoDomain() throws Exception {
        try (FakeXl fake = FakeXl.create(tmp.resolve("host"))) {
            fake.addXtfTest("abort", Environment.PV64, "print Test result: SUCCESS", "poweroff");
            fake.addXtfTest("abort", Environment.PV32PAE, "print spinning", "hang");
            fake.addXtfTest("abort", Environment.HVM64, "print Test result: SUCCESS", "poweroff");
            fake.addXtfTest("abort", Environment.HVM32, "print Test result: SUCCESS", "poweroff");
            Catalogue cat =
                    Catalogues.xtfTree(new LocalHostFiles(), fake.xtfRoot().toString());
            Function<String, TestInstance> named = n -> cat.find(n)
                    .map(i -> new TestInstance(i.test(), i.environment(), i.variation(), i.cfgPath(), HANG_TIMEOUT))
                    .orElseThrow();
            List<TestInstance> instances = List.of(
                    named.apply("test-pv64-abort"),
                    named.apply("test-pv32pae-abort"),
                    named.apply("test-hvm64-abort"),
                    named.apply("test-hvm32-abort"));
            DomainController xl = DomainControllers.xl(
                    CommandRunners.local(),
                    XlOptions.builder()
                            .xlCommand(fake.xlCommand())
                            .commandTimeout(Duration.ofSeconds(20))
                            .createTimeout(Duration.ofSeconds(20))
                            .retryBackoff(Duration.ofMillis(10))
                            .build());
            ConsoleSource console = ConsoleSources.xenconsoledLog(
                    new LocalHostFiles(), new LogLayout(fake.logDir().toString(), "guest-%s.log"));

            abortDuringHang(xl, console, instances, () -> xl.find("test-pv32pae-abort"));

            assertThat(xl.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
        }
    }

    /** Runs ok, hang, ok, ok with one job; aborts once the hang's domain runs; checks the summary and journal. */
    private void abortDuringHang(
            DomainController domains,
            ConsoleSource console,
            List<TestInstance> instances,
            Supplier<Optional<DomainInfo>> hangDomain)
            throws Exception {
        Path journalFile = tmp.resolve("journal.jsonl");
        try (Journal journal = Journal.create(journalFile, new Journal.Header("test", Instant.now(), "abort"))) {
            Runner runner = Runner.builder()
                    .domains(domains)
                    .console(console)
                    .parser(ResultParsers.xtf())
                    .store(journal::append)
                    .options(RunOptions.defaults())
                    .build();
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> runner.run(instances));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hangDomain.get().map(d -> !d.isPaused()).orElse(false)) {
                assertThat(System.nanoTime())
                        .as("the hanging domain never started running")
                        .isLessThan(deadline);
                assertThat(run).isNotDone();
                Thread.sleep(20);
            }
            long aborted = System.nanoTime();
            Thread aborter = new Thread(runner::abort, "test-abort");
            aborter.start();

            RunSummary summary = run.get(PROMPT_SECONDS, TimeUnit.SECONDS);
            aborter.join(TimeUnit.SECONDS.toMillis(PROMPT_SECONDS));
            assertThat(Duration.ofNanos(System.nanoTime() - aborted)).isLessThan(Duration.ofSeconds(PROMPT_SECONDS));

            assertThat(summary.interrupted()).isTrue();
            assertThat(summary.results()).singleElement().satisfies(r -> {
                assertThat(r.instance()).isEqualTo(instances.get(0).name());
                assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.SUCCESS);
            });
            assertThat(summary.notRun())
                    .containsExactly(
                            instances.get(1).name(),
                            instances.get(2).name(),
                            instances.get(3).name());
            assertThat(runner.awaitFinished(Duration.ZERO)).isTrue();
            assertThat(Journal.read(journalFile).results()).containsExactlyElementsOf(summary.results());
        }
        assertThat(hangDomain.get()).isEmpty();
    }

    private static TestInstance instance(TestInfo info, Environment env, String cfg) {
        return new TestInstance(info, env, Optional.empty(), cfg, HANG_TIMEOUT);
    }
}
