package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
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
import org.xtfharness.journal.Journal;
import org.xtfharness.report.JUnitXmlReporter;
import org.xtfharness.report.TapReporter;
import org.xtfharness.report.TextSummaryReporter;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;

/** Retries through the fake xl: a guest that crashes on its first run and passes on its second. */
class RunnerRetriesThroughFakeXlTest {

    private static final String BANNER = "print --- Xen Test Framework ---";

    @TempDir
    Path tmp;

    private FakeXl fake;
    private DomainController xl;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp.resolve("host"));
        xl = DomainControllers.xl(
                Hosts.local().commands(),
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(20))
                        .createTimeout(Duration.ofSeconds(20))
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
    }

    @AfterEach
    void noTestDomainIsLeft() {
        try {
            assertThat(xl.list())
                    .extracting(DomainInfo::name)
                    .as("domains left by the run")
                    .containsExactly("Domain-0");
        } finally {
            fake.close();
        }
    }

    @Test
    void reportsFlakyWhenAnInstanceCrashesOnceAndPassesOnRetryKeepingEveryAttempt() throws Exception {
        fake.addXtfTest(
                "flaky",
                Environment.PV64,
                BANNER,
                "print first words",
                "crash-first-run",
                "print Test result: SUCCESS",
                "poweroff");
        fake.addXtfTest("steady", Environment.PV64, BANNER, "print Test result: SUCCESS", "poweroff");
        List<TestInstance> instances = Catalogues.xtfTree(
                        Hosts.local().files(), fake.xtfRoot().toString())
                .instances();
        Path journalFile = tmp.resolve("journal.jsonl");
        List<String> heard = new ArrayList<>();
        StringWriter tap = new StringWriter();
        Path junit = tmp.resolve("junit.xml");
        RunSummary summary;
        try (Journal journal = Journal.create(journalFile, new Journal.Header("test", Instant.now(), "fake xl"))) {
            RunListener log = new RunListener() {
                @Override
                public void instanceStarted(TestInstance instance, int attempt) {
                    heard.add("start " + instance.name() + " " + attempt);
                }

                @Override
                public void instanceFinished(TestResult r) {
                    heard.add("finish " + r.instance() + " " + r.attempt() + " " + r.verdict());
                }
            };
            summary = runner(journal::append, 2)
                    .listener(log)
                    .listener(TapReporter.to(tap))
                    .listener(new JUnitXmlReporter(junit))
                    .build()
                    .run(instances);
        }

        assertThat(heard)
                .containsSubsequence(
                        "start test-pv64-flaky 1",
                        "finish test-pv64-flaky 1 CRASH",
                        "start test-pv64-flaky 2",
                        "finish test-pv64-flaky 2 SUCCESS");
        assertThat(heard).filteredOn(h -> h.startsWith("start test-pv64-flaky")).hasSize(2);
        // One final result per instance; the journal keeps both attempts.
        assertThat(summary.results())
                .extracting(TestResult::instance)
                .containsExactlyInAnyOrder("test-pv64-flaky", "test-pv64-steady");
        TestResult flaky = summary.results().stream()
                .filter(r -> r.instance().equals("test-pv64-flaky"))
                .findFirst()
                .orElseThrow();
        assertThat(flaky.attempt()).isEqualTo(2);
        assertThat(flaky.verdict()).isEqualTo(Verdict.SUCCESS);
        // Exactly this attempt's output: the first attempt's lines are not read again.
        assertThat(flaky.evidence().consoleExcerpt())
                .filteredOn(l -> l.contains("first words"))
                .hasSize(1);
        assertThat(flaky.evidence().consoleExcerpt())
                .filteredOn(l -> l.contains("Xen Test Framework"))
                .hasSize(1);
        List<TestResult> journalled = Journal.read(journalFile).results();
        assertThat(journalled)
                .filteredOn(r -> r.instance().equals("test-pv64-flaky"))
                .extracting(TestResult::attempt, TestResult::verdict)
                .containsExactly(tuple(1, Verdict.CRASH), tuple(2, Verdict.SUCCESS));
        assertThat(journalled)
                .filteredOn(r -> r.instance().equals("test-pv64-steady"))
                .hasSize(1);

        Assessment a = summary.assessment("test-pv64-flaky").orElseThrow();
        assertThat(a.flaky()).isTrue();
        assertThat(a.earlierAttempts()).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.CRASH);
            assertThat(e.outcome().cause()).isEqualTo(Cause.DOMAIN_CRASHED);
            assertThat(e.evidence().consoleExcerpt()).anyMatch(l -> l.contains("first words"));
        });
        assertThat(summary.assessment("test-pv64-steady")).isEmpty();
        assertThat(summary.exitCode()).isZero();

        String text = TextSummaryReporter.render(summary);
        assertThat(text)
                .contains("flaky: CRASH, then SUCCESS")
                .contains("attempt 1: CRASH")
                .contains("Retried: 1, of which flaky (passed on a retry): 1");
        assertThat(tap.toString()).contains("1..2").doesNotContain("not ok");
        String xml = Files.readString(junit);
        assertThat(xml)
                .contains("tests=\"2\"")
                .contains("failures=\"0\" errors=\"0\"")
                .contains("attempt 1 of 2: CRASH");
        validateJUnit(junit);
    }

    @Test
    void retriesACrashUpToTheLimitAndNeverTheGuestsOwnFailure() {
        fake.addXtfTest("always-crashes", Environment.PV64, BANNER, "crash");
        fake.addXtfTest("fails", Environment.PV64, BANNER, "print Fail: no", "print Test result: FAILURE", "poweroff");
        List<TestInstance> instances = Catalogues.xtfTree(
                        Hosts.local().files(), fake.xtfRoot().toString())
                .instances();
        List<TestResult> stored = new ArrayList<>();

        RunSummary summary = runner(stored::add, 1).build().run(instances);

        assertThat(stored)
                .filteredOn(r -> r.instance().equals("test-pv64-always-crashes"))
                .extracting(TestResult::attempt)
                .containsExactly(1, 2);
        assertThat(stored)
                .filteredOn(r -> r.instance().equals("test-pv64-fails"))
                .extracting(TestResult::attempt)
                .containsExactly(1);
        assertThat(summary.results()).hasSize(2);
        Assessment a = summary.assessment("test-pv64-always-crashes").orElseThrow();
        assertThat(a.flaky()).isFalse();
        assertThat(a.earlierAttempts()).extracting(TestResult::verdict).containsExactly(Verdict.CRASH);
        assertThat(summary.exitCode()).isEqualTo(Verdict.CRASH.exitCode());
        assertThat(summary.counts().get(Verdict.CRASH)).isEqualTo(1);
    }

    @Test
    void retriesAFailedCreateButNotABrokenConfiguration() {
        // A kernel xl cannot build fails xl create: an infrastructure ERROR, retried, and it fails the same.
        fake.addXtfTest("bad-kernel", Environment.PV64, "frobnicate");
        List<TestInstance> instances = Catalogues.xtfTree(
                        Hosts.local().files(), fake.xtfRoot().toString())
                .instances();
        List<TestResult> stored = new ArrayList<>();

        RunSummary summary = runner(stored::add, 1).build().run(instances);

        assertThat(stored)
                .extracting(TestResult::attempt, r -> r.outcome().cause())
                .containsExactly(tuple(1, Cause.INFRASTRUCTURE), tuple(2, Cause.INFRASTRUCTURE));
        assertThat(summary.results())
                .singleElement()
                .satisfies(r -> assertThat(r.attempt()).isEqualTo(2));
    }

    private Runner.Builder runner(ResultStore store, int retries) {
        return Runner.builder()
                .domains(xl)
                .console(ConsoleSources.xenconsoledLog(
                        Hosts.local().files(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .store(store)
                .retries(retries)
                .options(RunOptions.defaults());
    }

    private static void validateJUnit(Path junit) throws Exception {
        URL xsd = RunnerRetriesThroughFakeXlTest.class.getResource("/jenkins-junit.xsd");
        assertThat(xsd).as("the Jenkins JUnit schema in the test resources").isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator()
                .validate(new StreamSource(junit.toFile()));
    }
}
