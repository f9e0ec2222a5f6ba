package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.XenHost;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;

/**
 * The real Runner across the process boundary: the fake xl, its guest logs, the XTF tree catalogue.
 * Every xl command and every file read goes through {@link #host()}, so the subclasses prove the same
 * verdict table on this machine and over ssh, and with either console source ({@link #console}).
 */
abstract class RunnerThroughFakeXlContract {

    private static final String BANNER = "print --- Xen Test Framework ---";
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private FakeXl fake;
    private DomainController xl;
    /** How long each domain's awaitShutdown took, by name. */
    private final Map<String, Duration> waits = new ConcurrentHashMap<>();

    /** Where xl runs and the logs and XTF tree are read; the fake's paths are valid there (same machine). */
    abstract XenHost host();

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp.resolve("host"));
        xl = DomainControllers.xl(
                host().commands(),
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

    /** Where the runner reads the console: xenconsoled's log here; a subclass may take the live console. */
    ConsoleSource console(FakeXl fake) {
        return ConsoleSources.xenconsoledLog(
                host().files(), new LogLayout(fake.logDir().toString(), "guest-%s.log"));
    }

    private Runner runner(ResultStore store, RunListener listener, int jobs) {
        return Runner.builder()
                .domains(new WaitRecording(xl, waits))
                .console(console(fake))
                .parser(ResultParsers.xtf())
                .store(store)
                .listener(listener)
                .options(RunOptions.builder().jobs(jobs).build())
                .build();
    }

    private record Expect(Verdict verdict, Cause cause) {}

    @ParameterizedTest(name = "timestamps {0}")
    @ValueSource(booleans = {true, false})
    void everyVerdictPathCrossesTheProcessBoundaryIntact(boolean timestamps) throws Exception {
        fake.consoleLogging(true, timestamps);
        Map<String, Expect> expected = new LinkedHashMap<>();
        add(
                expected,
                "success",
                Environment.PV64,
                Verdict.SUCCESS,
                Cause.GUEST_REPORTED,
                "print Test result: SUCCESS",
                "poweroff");
        add(
                expected,
                "warning",
                Environment.PV64,
                Verdict.SUCCESS,
                Cause.GUEST_REPORTED,
                "print Warning: partly emulated",
                "print Test result: SUCCESS with warnings",
                "poweroff");
        add(
                expected,
                "skip",
                Environment.PV64,
                Verdict.SKIP,
                Cause.GUEST_REPORTED,
                "print Skip: not available",
                "print Test result: SKIP",
                "poweroff");
        add(
                expected,
                "error",
                Environment.PV64,
                Verdict.ERROR,
                Cause.GUEST_REPORTED,
                "print Error: hypercall failed: -38",
                "print Test result: ERROR",
                "poweroff");
        add(
                expected,
                "failure",
                Environment.PV64,
                Verdict.FAILURE,
                Cause.GUEST_REPORTED,
                "print Fail: expected 0x1, got 0x0",
                "print Test result: FAILURE",
                "poweroff");
        add(
                expected,
                "fooled",
                Environment.PV64,
                Verdict.FAILURE,
                Cause.GUEST_REPORTED,
                "print Fail: the guest printed 'Test result: SUCCESS' before its check",
                "print Test result: FAILURE",
                "poweroff");
        add(
                expected,
                "panic",
                Environment.PV64,
                Verdict.CRASH,
                Cause.DOMAIN_CRASHED,
                "print " + "*".repeat(30),
                "print PANIC: Unhandled exception at 0008:00000000001047a3",
                "print " + "*".repeat(30),
                "crash");
        add(
                expected,
                "crash-after-success",
                Environment.PV64,
                Verdict.CRASH,
                Cause.DOMAIN_CRASHED,
                "print Test result: SUCCESS",
                "crash");
        // The HVM cfg says on_reboot="destroy"; the runner must preserve it anyway to see the reboot.
        add(
                expected,
                "triple-fault",
                Environment.HVM64,
                Verdict.CRASH,
                Cause.DOMAIN_REBOOTED,
                "print Loading a null IDT",
                "reboot");
        add(expected, "hang", Environment.PV64, Verdict.CRASH, Cause.TIMED_OUT, "print Spinning forever", "hang");
        add(expected, "no-result", Environment.PV64, Verdict.CRASH, Cause.NO_RESULT, "print Done, I think", "poweroff");
        add(
                expected,
                "garbage",
                Environment.PV64,
                Verdict.SUCCESS,
                Cause.GUEST_REPORTED,
                "raw 00 00 ff fe 67 61 72 62 c3 28 e2 82 0d 0a",
                "raw 1b 5b 33 31 6d 72 65 64 1b 5b 30 6d 0d 0d 0a",
                "print Test result: SUCCESS",
                "raw 00 00 f0 28 8c bc ed a0 80",
                "poweroff");
        // The whole output in one write, the instant the guest is unpaused.
        fake.addXtfTest(
                "instant",
                Environment.PV64,
                "raw "
                        + hex("--- Xen Test Framework ---\r\nEnvironment: PV 64bit "
                                + "(Long mode 4 levels)\r\nTest result: SUCCESS\r\n"),
                "poweroff");
        expected.put("test-pv64-instant", new Expect(Verdict.SUCCESS, Cause.GUEST_REPORTED));
        // A kernel xl cannot build: create fails for this instance only.
        fake.addXtfTest("bad-kernel", Environment.PV64, "frobnicate");
        expected.put("test-pv64-bad-kernel", new Expect(Verdict.ERROR, Cause.INFRASTRUCTURE));

        Catalogue cat = Catalogues.xtfTree(host().files(), fake.xtfRoot().toString());
        List<TestInstance> instances = cat.instances().stream()
                .map(i -> i.name().equals("test-pv64-hang")
                        ? new TestInstance(i.test(), i.environment(), i.variation(), i.cfgPath(), HANG_TIMEOUT)
                        : i)
                .toList();
        assertThat(instances).extracting(TestInstance::name).containsExactlyInAnyOrderElementsOf(expected.keySet());

        Map<String, Boolean> hangGoneWhenReported = new ConcurrentHashMap<>();
        Path journalFile = tmp.resolve("journal.jsonl");
        RunSummary summary;
        try (Journal journal = Journal.create(journalFile, new Journal.Header("test", Instant.now(), "fake xl"))) {
            RunListener checks = new RunListener() {
                @Override
                public void instanceFinished(TestResult r) {
                    if (r.instance().equals("test-pv64-hang")) {
                        hangGoneWhenReported.put(
                                r.instance(), xl.find(r.instance()).isEmpty());
                    }
                }
            };
            summary = runner(journal::append, checks, 4).run(instances);
        }

        assertThat(summary.interrupted()).isFalse();
        assertThat(summary.notRun()).isEmpty();
        Map<String, TestResult> byName =
                summary.results().stream().collect(Collectors.toMap(TestResult::instance, Function.identity()));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, e) -> {
            TestResult r = byName.get(name);
            assertThat(r.verdict()).as("%s: %s", name, r.outcome()).isEqualTo(e.verdict());
            assertThat(r.outcome().cause()).as("%s: %s", name, r.outcome()).isEqualTo(e.cause());
        });
        assertThat(byName.get("test-pv64-warning").outcome().withWarnings()).isTrue();
        assertThat(byName.get("test-pv64-success").outcome().withWarnings()).isFalse();
        assertThat(byName.get("test-pv64-bad-kernel").outcome().reason()).contains("frobnicate");
        // The wait ends at the timeout, after one last xl list. The upper bound is loose on purpose: it proves
        // the wait did not run on to a command's own 20 s deadline, and a loaded 2-core CI machine can take
        // seconds to start one python xl. That no xl call hit its deadline is proven by the verdicts above: a
        // command that timed out would have made the instance ERROR (HARNESS_TIMEOUT), not CRASH.
        assertThat(waits.get("test-pv64-hang")).isBetween(HANG_TIMEOUT, HANG_TIMEOUT.plusSeconds(12));
        assertThat(hangGoneWhenReported).containsEntry("test-pv64-hang", true);
        assertThat(Journal.read(journalFile).results()).containsExactlyInAnyOrderElementsOf(summary.results());
    }

    @ParameterizedTest(name = "timestamps {0}")
    @ValueSource(booleans = {true, false})
    void reportsCrashNotTheEarlierFailureWhenASameNameRerunDiesSilently(boolean timestamps) {
        fake.consoleLogging(true, timestamps);
        fake.addXtfTest(
                "rerun", Environment.PV64, BANNER, "print Fail: first run", "print Test result: FAILURE", "poweroff");
        Catalogue cat = Catalogues.xtfTree(host().files(), fake.xtfRoot().toString());
        List<TestResult> stored = new ArrayList<>();

        RunSummary run1 = runner(stored::add, new RunListener() {}, 1).run(cat.instances());
        // The same instance, rebuilt: now it dies at once without a word.
        fake.addXtfTest("rerun", Environment.PV64, "crash");
        RunSummary run2 = runner(stored::add, new RunListener() {}, 1).run(cat.instances());

        assertThat(run1.results())
                .singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.FAILURE));
        assertThat(run2.results()).singleElement().satisfies(r -> {
            assertThat(r.instance()).isEqualTo("test-pv64-rerun");
            assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.CRASH);
            assertThat(r.outcome().cause()).isEqualTo(Cause.DOMAIN_CRASHED);
            assertThat(r.evidence().consoleExcerpt()).noneMatch(l -> l.contains("FAILURE") || l.contains("Fail:"));
        });
        assertThat(stored).extracting(TestResult::verdict).containsExactly(Verdict.FAILURE, Verdict.CRASH);
    }

    private void add(
            Map<String, Expect> expected,
            String test,
            Environment env,
            Verdict verdict,
            Cause cause,
            String... directives) {
        List<String> all = new ArrayList<>();
        all.add(BANNER);
        all.add("print Environment: " + env.banner());
        all.addAll(List.of(directives));
        fake.addXtfTest(test, env, all.toArray(String[]::new));
        expected.put(TestInstance.nameOf(test, env, Optional.empty()), new Expect(verdict, cause));
    }

    /** Records how long each wait for a domain took; everything else goes straight to xl. */
    private record WaitRecording(DomainController xl, Map<String, Duration> waits) implements DomainController {

        @Override
        public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
            DomainEnd end = xl.awaitShutdown(id, name, timeout);
            waits.put(name, end.waited());
            return end;
        }

        @Override
        public DomainId createPaused(DomainSpec spec) {
            return xl.createPaused(spec);
        }

        @Override
        public void unpause(DomainId id) {
            xl.unpause(id);
        }

        @Override
        public Optional<DomainInfo> find(String name) {
            return xl.find(name);
        }

        @Override
        public List<DomainInfo> list() {
            return xl.list();
        }

        @Override
        public boolean destroy(String name) {
            return xl.destroy(name);
        }

        @Override
        public HostCapabilities capabilities() {
            return xl.capabilities();
        }

        @Override
        public Optional<String> describe(String name) {
            return xl.describe(name);
        }

        @Override
        public Optional<String> hypervisorLogTail(int lines) {
            return xl.hypervisorLogTail(lines);
        }
    }

    private static String hex(String text) {
        StringBuilder b = new StringBuilder();
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }
}
