package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;

/**
 * cfg files the catalogue lists but xl cannot use: the harness does not parse cfgs (xl is the
 * authority on them), so each such instance ends as an infrastructure ERROR naming the cfg and
 * xl's complaint, leaves no domain behind, and does not stop the other instances.
 */
class MalformedCfgFilesTest {

    private static final String[] GOOD = {
        "print --- Xen Test Framework ---",
        "print Environment: PV 64bit (Long mode 4 levels)",
        "print Test result: SUCCESS",
        "poweroff"
    };

    @TempDir
    Path tmp;

    private final XenHost host = Hosts.local();
    private FakeXl fake;
    private DomainController xl;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp.resolve("host"));
        xl = DomainControllers.xl(
                host.commands(),
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(30))
                        .createTimeout(Duration.ofSeconds(30))
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
    }

    @AfterEach
    void noDomainIsLeft() {
        try {
            assertThat(xl.list())
                    .extracting(DomainInfo::name)
                    .as("domains left")
                    .containsExactly("Domain-0");
        } finally {
            fake.close();
        }
    }

    private Map<String, TestResult> runAll() {
        List<TestInstance> instances =
                Catalogues.xtfTree(host.files(), fake.xtfRoot().toString()).instances();
        RunSummary summary = Runner.builder()
                .domains(xl)
                .console(ConsoleSources.xenconsoledLog(
                        host.files(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .store(r -> {})
                .options(RunOptions.defaults())
                .build()
                .run(instances);
        return summary.results().stream().collect(Collectors.toMap(TestResult::instance, Function.identity()));
    }

    private Path cfgOf(String test) {
        return fake.xtfRoot().resolve("tests/" + test + "/test-pv64-" + test + ".cfg");
    }

    @Test
    void aCfgWithASyntaxErrorIsAnInfrastructureErrorNamingTheFileAndTheOthersStillRun() throws IOException {
        fake.addXtfTest("good", Environment.PV64, GOOD);
        fake.addXtfTest("broken", Environment.PV64, GOOD);
        Files.writeString(cfgOf("broken"), "name = \"test-pv64-broken\"\nmemory = = 128\n");

        Map<String, TestResult> results = runAll();

        assertThat(results.get("test-pv64-good").verdict()).isEqualTo(Verdict.SUCCESS);
        TestResult broken = results.get("test-pv64-broken");
        assertThat(broken.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(broken.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(broken.outcome().reason())
                .contains(cfgOf("broken").toString())
                .contains("syntax error");
    }

    @Test
    void aCfgThatIsNotTextIsAnInfrastructureErrorNamingTheFile() throws IOException {
        fake.addXtfTest("binary", Environment.PV64, GOOD);
        Files.write(cfgOf("binary"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, (byte) 0xff, (byte) 0xfe, '\n'});

        TestResult r = runAll().get("test-pv64-binary");

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(r.outcome().reason()).contains(cfgOf("binary").toString());
    }

    @Test
    void aCfgRemovedAfterTheCatalogueWasReadIsAnInfrastructureErrorNamingTheFile() throws IOException {
        fake.addXtfTest("vanishing", Environment.PV64, GOOD);
        List<TestInstance> instances =
                Catalogues.xtfTree(host.files(), fake.xtfRoot().toString()).instances();
        Files.delete(cfgOf("vanishing"));

        RunSummary summary = Runner.builder()
                .domains(xl)
                .console(ConsoleSources.xenconsoledLog(
                        host.files(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .store(r -> {})
                .options(RunOptions.defaults())
                .build()
                .run(instances);

        TestResult r = summary.results().get(0);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().reason()).contains(cfgOf("vanishing").toString());
    }

    @Test
    void aCfgNamingAnotherDomainStillRunsUnderTheInstanceNameAndLeavesNothingBehind() throws IOException {
        fake.addXtfTest("impostor", Environment.PV64, GOOD);
        Path cfg = cfgOf("impostor");
        Files.writeString(cfg, Files.readString(cfg).replace("name=\"test-pv64-impostor\"", "name=\"someone-else\""));

        TestResult r = runAll().get("test-pv64-impostor");

        // Before the harness named the domain itself, xl created "someone-else", the runner could not
        // find test-pv64-impostor, and "someone-else" stayed paused for good.
        assertThat(r.verdict()).as("%s", r.outcome()).isEqualTo(Verdict.SUCCESS);
        assertThat(fake.calls("create"))
                .singleElement()
                .satisfies(c -> assertThat(c).endsWith("name=\"test-pv64-impostor\""));
    }
}
