package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.CommandHostFiles;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;

/**
 * The runner on a host with a watch: each instance costs three host commands on its common path
 * (create, run until the end, destroy), whatever its verdict, the xenconsoled log's mark and settled
 * read included when the log is read by commands as over ssh, and the verdicts are those of polling.
 */
class RunnerWithHostWatchTest {

    @TempDir
    Path tmp;

    private FakeXl fake;
    private DomainController xl;
    private final AtomicInteger commands = new AtomicInteger();
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private CommandRunner counting;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp);
        CommandRunner local = CommandRunners.local();
        counting = new CommandRunner() {
            @Override
            public CommandResult run(Command command) {
                commands.incrementAndGet();
                sent.add(command.argv());
                return local.run(command);
            }
        };
        xl = DomainControllers.xl(
                counting,
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .watchCommand(fake.xenstoreWatchCommand())
                        .build());
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void everyCommonPathCostsThreeHostCommandsAndKeepsItsVerdict() {
        String banner = "print --- Xen Test Framework ---";
        fake.addXtfTest("success", Environment.PV64, banner, "sleep 100", "print Test result: SUCCESS", "poweroff");
        fake.addXtfTest("failure", Environment.PV64, banner, "print Test result: FAILURE", "poweroff");
        fake.addXtfTest("crash", Environment.PV64, banner, "print Test result: SUCCESS", "crash");
        fake.addXtfTest("hang", Environment.PV64, banner, "hang");
        List<TestInstance> instances =
                Catalogues.xtfTree(new LocalHostFiles(), fake.xtfRoot().toString()).instances().stream()
                        .map(i -> i.name().equals("test-pv64-hang")
                                ? new TestInstance(
                                        i.test(), i.environment(), i.variation(), i.cfgPath(), Duration.ofSeconds(2))
                                : i)
                        .toList();
        Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
        Runner runner = Runner.builder()
                .domains(xl)
                .console(ConsoleSources.xenconsoledLog(
                        new LocalHostFiles(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .options(RunOptions.builder().jobs(2).build())
                .listener(new RunListener() {
                    @Override
                    public void instanceFinished(TestResult r) {
                        verdicts.put(r.instance(), r.verdict());
                    }
                })
                .build();

        RunSummary summary = runner.run(instances);

        assertThat(verdicts)
                .containsOnly(
                        Map.entry("test-pv64-success", Verdict.SUCCESS),
                        Map.entry("test-pv64-failure", Verdict.FAILURE),
                        Map.entry("test-pv64-crash", Verdict.CRASH),
                        Map.entry("test-pv64-hang", Verdict.CRASH));
        assertThat(summary.results())
                .filteredOn(r -> r.instance().equals("test-pv64-hang"))
                .singleElement()
                .satisfies(r -> assertThat(r.outcome().cause()).isEqualTo(Cause.TIMED_OUT));
        // The timed-out instance adds the one final listing of its deadline; every other costs three.
        assertThat(commands.get()).isEqualTo(3 * instances.size() + 1);
        assertThat(xl.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
    }

    @Test
    void theLogsMarkAndSettledReadRideInTheControllersRoundTripsWhenTheLogIsReadByCommands() {
        String banner = "print --- Xen Test Framework ---";
        fake.addXtfTest("success", Environment.PV64, banner, "sleep 100", "print Test result: SUCCESS", "poweroff");
        fake.addXtfTest("failure", Environment.PV64, banner, "print Test result: FAILURE", "poweroff");
        fake.addXtfTest("crash", Environment.PV64, banner, "print Test result: SUCCESS", "crash");
        fake.addXtfTest("silent", Environment.PV64, "crash");
        List<TestInstance> instances = Catalogues.xtfTree(
                        new LocalHostFiles(), fake.xtfRoot().toString())
                .instances();
        Map<String, TestResult> results = new ConcurrentHashMap<>();
        Runner runner = Runner.builder()
                .domains(xl)
                // Files read by commands through the same runner as xl: what a host over ssh costs.
                .console(ConsoleSources.xenconsoledLog(
                        new CommandHostFiles(counting),
                        new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .options(RunOptions.builder().jobs(2).build())
                .listener(new RunListener() {
                    @Override
                    public void instanceFinished(TestResult r) {
                        results.put(r.instance(), r);
                    }
                })
                .build();

        runner.run(instances);

        assertThat(results).hasSize(4);
        assertThat(results.get("test-pv64-success").verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(results.get("test-pv64-failure").verdict()).isEqualTo(Verdict.FAILURE);
        assertThat(results.get("test-pv64-crash").verdict()).isEqualTo(Verdict.CRASH);
        assertThat(results.get("test-pv64-silent").verdict()).isEqualTo(Verdict.CRASH);
        assertThat(results.get("test-pv64-failure").evidence().consoleExcerpt()).contains("Test result: FAILURE");
        for (TestInstance i : instances) {
            List<List<String>> mine = sent.stream()
                    .filter(argv -> argv.stream().anyMatch(a -> a.contains(i.name())))
                    .toList();
            assertThat(mine).as("host commands of %s", i.name()).hasSize(3);
            assertThat(AgentScript.parse(mine.get(0)))
                    .hasValueSatisfying(r -> assertThat(r)
                            .isInstanceOfSatisfying(
                                    AgentRequest.Create.class,
                                    c -> assertThat(c.carried()).containsInstanceOf(AgentRequest.Mark.class)));
            assertThat(AgentScript.parse(mine.get(1)))
                    .hasValueSatisfying(r -> assertThat(r)
                            .isInstanceOfSatisfying(
                                    AgentRequest.Run.class,
                                    c -> assertThat(c.carried()).containsInstanceOf(AgentRequest.Settle.class)));
        }
    }
}
