package org.xtfharness.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.FakeXl;

/** One guest vocabulary: the simulated catalogue's guests run unchanged on the process-level fake xl. */
class SimulatedGuestsOnFakeXlTest {

    private static final SimulatedCatalogue CATALOGUE = SimulatedCatalogue.standard();

    @TempDir
    Path tmp;

    @Test
    void theFakeXlsGuestReadsEverySimulatedGuestScript() throws Exception {
        try (FakeXl fake = FakeXl.create(tmp.resolve("host"))) {
            List<String> argv = new ArrayList<>(List.of(
                    "python3",
                    "-S",
                    "-c",
                    "import sys; sys.path.insert(0, sys.argv[1]); import fakexl_guest as g; "
                            + "[print(len(g.parse_script(p))) for p in sys.argv[2:]]",
                    fake.root().resolve("bin").toString()));
            for (SimulatedTest t : CATALOGUE.tests()) {
                Path cfg = fake.addXtfTest(t);
                argv.add(cfg.resolveSibling(t.name()).toString());
            }
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out.lines().map(Integer::parseInt).toList())
                    .containsExactlyElementsOf(CATALOGUE.tests().stream()
                            .map(t -> t.script().steps().size())
                            .toList());
        }
    }

    @Test
    void simulatedGuestsGiveTheirExpectedVerdictsThroughTheFakeXl() {
        try (FakeXl fake = FakeXl.create(tmp.resolve("host"))) {
            for (String name : List.of("test-pv64-sim-success", "test-pv64-sim-panic", "test-pv64-sim-garbage")) {
                fake.addXtfTest(CATALOGUE.find(name).orElseThrow());
            }
            List<TestInstance> instances = Catalogues.xtfTree(
                            Hosts.local().files(), fake.xtfRoot().toString())
                    .instances();
            RunSummary summary = Runner.builder()
                    .domains(DomainControllers.xl(
                            Hosts.local().commands(),
                            XlOptions.builder()
                                    .xlCommand(fake.xlCommand())
                                    .commandTimeout(Duration.ofSeconds(20))
                                    .createTimeout(Duration.ofSeconds(20))
                                    .build()))
                    .console(ConsoleSources.xenconsoledLog(
                            Hosts.local().files(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                    .parser(ResultParsers.xtf())
                    .options(RunOptions.defaults())
                    .build()
                    .run(instances);

            assertThat(summary.results()).hasSize(3);
            for (TestResult r : summary.results()) {
                assertThat(r.verdict())
                        .as(r.instance() + ": " + r.outcome())
                        .isEqualTo(CATALOGUE.expected(r.instance()));
            }
        }
    }
}
