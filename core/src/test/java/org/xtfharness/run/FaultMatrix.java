package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.testing.FakeXl;

/**
 * One cell of the fault matrix (RELIABILITY.md) on the fake xl: guests that each print a nonce
 * unique to their run, a journal, and the three figures every cell must hold at zero:
 *
 * <ul>
 *   <li><b>leaked domains</b>: domains other than Domain-0 that {@code xl list} shows at the end;
 *   <li><b>lost results</b>: results reported but not in the journal, and selected instances
 *       neither journalled nor listed as not run;
 *   <li><b>misattributed output</b>: results whose console excerpt holds a nonce of any other run
 *       (another instance's, or an earlier run of the same name in the same appended log).
 * </ul>
 */
final class FaultMatrix implements AutoCloseable {

    static final String BANNER = "print --- Xen Test Framework ---";

    final FakeXl fake;
    final XenHost host;
    final DomainController xl;
    final Path journalFile;
    /** Each instance's nonce in its latest script; every nonce ever issued is in {@link #allNonces}. */
    private final Map<String, String> nonces = new LinkedHashMap<>();

    private final Set<String> allNonces = new HashSet<>();
    private final List<TestResult> reported = new CopyOnWriteArrayList<>();
    /** The nonce each reported result's own run printed, by position in {@link #reported}. */
    private final List<String> reportedNonces = new CopyOnWriteArrayList<>();

    private final Set<String> notRun = new HashSet<>();
    private final Set<String> selected = new HashSet<>();

    /** Generous: on a loaded machine (or over ssh, just reconnected) an xl command may take seconds. */
    static final Duration XL_TIMEOUT = Duration.ofSeconds(30);

    private ConsoleSource console;

    FaultMatrix(Path dir) {
        this(dir, Hosts.local(), XL_TIMEOUT);
    }

    FaultMatrix(Path dir, XenHost host) {
        this(dir, host, XL_TIMEOUT);
    }

    /** With {@code xlTimeout} for every xl command and for create: short only where a hang is the fault. */
    FaultMatrix(Path dir, XenHost host, Duration xlTimeout) {
        this.fake = FakeXl.create(dir.resolve("host"));
        this.host = host;
        this.xl = DomainControllers.xl(
                host.commands(),
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(xlTimeout)
                        .createTimeout(xlTimeout)
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
        this.journalFile = dir.resolve("journal.jsonl");
        this.console = ConsoleSources.xenconsoledLog(
                host.files(), new LogLayout(fake.logDir().toString(), "guest-%s.log"));
    }

    /** Captures through the fake xenconsole (start-notify handshake) instead of the guest log. */
    FaultMatrix useLiveConsole() {
        console = ConsoleSources.live(
                host.commands(),
                LiveConsoleOptions.builder(fake.xenconsolePath())
                        .xenstoreRead(fake.xenstoreReadCommand())
                        .build());
        return this;
    }

    /** Adds (or rewrites) a PV64 instance: banner, environment, a fresh nonce, then the directives. */
    String add(String test, String... directives) {
        return add(test, Environment.PV64, directives);
    }

    String add(String test, Environment env, String... directives) {
        String name = TestInstance.nameOf(test, env, Optional.empty());
        String nonce = "nonce-" + UUID.randomUUID();
        nonces.put(name, nonce);
        allNonces.add(nonce);
        List<String> all = new ArrayList<>(List.of(BANNER, "print Environment: " + env.banner(), "print " + nonce));
        all.addAll(List.of(directives));
        fake.addXtfTest(test, env, all.toArray(String[]::new));
        return name;
    }

    /** The instances, with {@code timeout} for each. */
    List<TestInstance> instances(Duration timeout) {
        return Catalogues.xtfTree(host.files(), fake.xtfRoot().toString()).instances().stream()
                .map(i -> new TestInstance(i.test(), i.environment(), i.variation(), i.cfgPath(), timeout))
                .toList();
    }

    /** Runs the instances journalled to {@link #journalFile} (created, or appended to once it exists). */
    RunSummary run(List<TestInstance> instances, List<TestResult> previous, RunListener... extra) {
        return run(instances, previous, RunOptions.defaults(), extra);
    }

    RunSummary run(List<TestInstance> instances, List<TestResult> previous, RunOptions options, RunListener... extra) {
        Journal journal = Files.exists(journalFile)
                ? Journal.openForAppend(journalFile, "fake xl").journal()
                : Journal.create(journalFile, new Journal.Header("test", Instant.now(), "fake xl"));
        try (journal) {
            return runner(journal::append, options, extra).run(instances, List.of(), previous);
        }
    }

    Runner runner(ResultStore store, RunOptions options, RunListener... extra) {
        Runner.Builder b = Runner.builder()
                .domains(xl)
                .console(console)
                .parser(ResultParsers.xtf())
                .store(store)
                .options(options)
                .listener(new RunListener() {
                    @Override
                    public void runStarted(RunPlan plan) {
                        plan.instances().forEach(i -> selected.add(i.name()));
                    }

                    @Override
                    public synchronized void instanceFinished(TestResult r) {
                        // Scripts are only rewritten between runs: the current nonce is this run's.
                        reportedNonces.add(nonces.get(r.instance()));
                        reported.add(r);
                    }

                    @Override
                    public void runFinished(RunSummary s) {
                        notRun.addAll(s.notRun());
                        s.results().forEach(r -> notRun.remove(r.instance()));
                    }
                });
        for (RunListener l : extra) {
            b.listener(l);
        }
        return b.build();
    }

    /** How many times xl created this domain (the fake's hypervisor log records each creation). */
    long creations(String name) {
        return xl.hypervisorLogTail(100_000)
                .orElse("")
                .lines()
                .filter(l -> l.endsWith("created (" + name + ")"))
                .count();
    }

    /** The three figures, measured now. */
    Figures figures() {
        fake.clearFaults(); // so that xl list itself works
        long leaked =
                xl.list().stream().filter(d -> !d.name().equals("Domain-0")).count();
        Set<String> journalled = new HashSet<>();
        List<TestResult> inJournal =
                Files.exists(journalFile) ? Journal.read(journalFile).results() : List.of();
        inJournal.forEach(r -> journalled.add(r.instance()));
        long lost = reported.stream().filter(r -> !inJournal.contains(r)).count();
        for (String name : selected) {
            if (!journalled.contains(name) && !notRun.contains(name)) {
                lost++;
            }
        }
        long misattributed = 0;
        for (int i = 0; i < reported.size(); i++) {
            TestResult r = reported.get(i);
            String own = reportedNonces.get(i);
            boolean foreign = r.evidence().consoleExcerpt().stream()
                    .anyMatch(line -> allNonces.stream().anyMatch(n -> !n.equals(own) && line.contains(n)));
            if (foreign) {
                misattributed++;
            }
        }
        return new Figures(leaked, lost, misattributed);
    }

    /** Asserts the three figures are zero, and returns them. */
    Figures assertThreeZeros() {
        Figures f = figures();
        assertThat(f)
                .as(
                        "leaked domains, lost results, misattributed output; domains left: %s",
                        xl.list().stream().map(DomainInfo::name).toList())
                .isEqualTo(new Figures(0, 0, 0));
        System.out.println("fault-matrix: " + f);
        return f;
    }

    /** The result the runner reported for the instance (the latest, if it ran more than once). */
    TestResult result(String name) {
        TestResult found = null;
        for (TestResult r : reported) {
            if (r.instance().equals(name)) {
                found = r;
            }
        }
        assertThat(found).as("a result for " + name).isNotNull();
        // For RELIABILITY.md: what each cell gives, in the test's output.
        System.out.println("fault-matrix: " + name + " -> " + found.verdict() + " ("
                + found.outcome().cause() + ": " + found.outcome().reason() + ")");
        return found;
    }

    /**
     * Drops a result the runner reported as not journalled (its journal write was the fault): it is
     * not lost, the resumed run runs that instance again.
     */
    void disown(TestResult r) {
        int i = reported.indexOf(r);
        reported.remove(i);
        reportedNonces.remove(i);
    }

    /** The nonce in the instance's current script. */
    String nonce(String name) {
        return nonces.get(name);
    }

    @Override
    public void close() {
        fake.close();
    }

    /** The three figures of a cell. */
    record Figures(long leakedDomains, long lostResults, long misattributedOutput) {}
}
