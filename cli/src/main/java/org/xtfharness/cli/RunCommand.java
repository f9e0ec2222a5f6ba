package org.xtfharness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.xtfharness.baseline.Baseline;
import org.xtfharness.baseline.BaselineAssessor;
import org.xtfharness.baseline.EarlierRun;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.RunLock;
import org.xtfharness.journal.Journal;
import org.xtfharness.osstest.OsstestEventStream;
import org.xtfharness.report.Reporters;
import org.xtfharness.report.TapReporter;
import org.xtfharness.report.TerminalText;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.xenrt.XenrtJsonReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xtf-harness run}: runs the selection and exits with the worst verdict, as xtf-runner does;
 * with a baseline, a comparison or retries, with the worst verdict of what counts.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the selected tests and exit with the worst verdict: SUCCESS 0, SKIP 3, ERROR 4, "
                + "FAILURE 5, CRASH 6; 1 for a usage error or a failure of the runner itself. With --baseline, "
                + "tolerated verdicts do not count (unless --strict); with --exit-on regressions, only regressions do."},
        footer = {"", "Examples:",
                "  xtf-harness run --simulate --all --non-default --junit junit.xml",
                "  xtf-harness run --xtf-dir /opt/xtf --all --baseline xtf.baseline \\",
                "      --compare last.jsonl --retries 1",
                "  xtf-harness run --xtf-dir /opt/xtf --all -j 4 --journal run.jsonl",
                "  xtf-harness run --host-target ssh://root@xenhost --xtf-dir /opt/xtf pv64 \\",
                "      --format tap",
                "  xtf-harness run --xtf-dir /opt/xtf --console live --all",
                "  xtf-harness run --simulate --all --html report.html 2> progress.log",
                "",
                "Progress goes to standard error. On a terminal: one line per finished instance",
                "under a live status line (done/total, verdicts so far, elapsed, time left, what",
                "is running). Elsewhere (CI logs, pipes, files): only those lines, with no",
                "control characters. NO_COLOR=1 drops colour; --no-progress the status line."})
final class RunCommand implements Callable<Integer> {

    enum Format {
        text, tap, osstest_events, json_lines;

        /** The name as documented and typed (osstest-events): what completion offers. */
        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Mixin
    ConsoleOptions consoleOptions = new ConsoleOptions();

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Run N instances at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Per-instance timeout, after which a still-running guest is CRASH (timed out). "
                    + "Default: 30 s, or the instance's own.")
    Double timeout;

    @Option(names = "--timeout-scale", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "Multiply every timeout, for slow or emulated hosts (default: ${DEFAULT-VALUE}).")
    double timeoutScale;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "What goes to standard output: text, tap, osstest-events, json-lines (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--tap-version", paramLabel = "13|14", defaultValue = "14",
            description = "TAP version for --format tap; Perl's prove before TAP::Harness 3.48 wants 13.")
    int tapVersion;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (Jenkins schema) here.")
    Path junit;

    @Option(names = "--journal", paramLabel = "FILE", description = "Journal each result to this new file, forced "
            + "to disk before the next test starts. Default: xtf-harness-journal-<time>.jsonl in the current directory.")
    Path journal;

    @Option(names = "--resume", paramLabel = "JOURNAL", description = "Resume the interrupted run this journal "
            + "belongs to: its results are reported again, not re-run, and the rest of the selection (give the same "
            + "one) runs with its results appended to the same journal.")
    Path resume;

    @Option(names = "--run-lock", paramLabel = "PATH", defaultValue = RunLock.DEFAULT_PATH,
            description = "The lock directory on the Xen host that keeps a second runner off it (default: "
                    + "${DEFAULT-VALUE}).")
    String runLock;

    @Option(names = "--json-lines", paramLabel = "FILE", description = "Write results as JSON lines here.")
    Path jsonLines;

    @Option(names = "--xenrt-json", paramLabel = "FILE", description = "Write the XenRT results document here.")
    Path xenrtJson;

    @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML report here: "
            + "counts, a sortable table of instances, each failure's reason and console folded under it.")
    Path html;

    @Option(names = "--no-progress", description = "No live status line, even on a terminal; the plain line per "
            + "finished instance stays. Off a terminal there is never a status line. NO_COLOR drops colour.")
    boolean noProgress;

    @Option(names = "--force", description = "Run even when doctor says console capture will not work.")
    boolean force;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Verdicts to tolerate (docs/baseline.md): a "
            + "tolerated verdict is reported as such, keeps its real verdict, and does not count towards the exit "
            + "code unless --strict.")
    Path baseline;

    @Option(names = "--strict", description = "Count verdicts the baseline tolerates towards the exit code all the same.")
    boolean strict;

    @Option(names = "--compare", paramLabel = "FILE", description = "An earlier run's journal or JUnit XML: class "
            + "each instance as PASS, REGRESSION, STILL_FAILING, FIXED, NEW_TEST or GONE in every report.")
    Path compare;

    @Option(names = "--exit-on", paramLabel = "all|regressions", defaultValue = "all",
            converter = ScopeConverter.class,
            description = "Which results decide the exit code: all (xtf-runner's worst verdict, the default) or "
                    + "regressions (with --compare: only instances that did not fail before, and failing new ones).")
    ExitPolicy.Scope exitOn;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Re-run an instance that ends in CRASH or in an infrastructure ERROR up to N more times; "
                    + "one that passes on a retry is reported flaky (default: ${DEFAULT-VALUE}).")
    int retries;

    private volatile Progress shownProgress;

    @Override
    public Integer call() throws Exception {
        if (tapVersion != TapReporter.TAP13 && tapVersion != TapReporter.TAP14) {
            throw new ConfigurationException("--tap-version takes 13 or 14, not " + tapVersion);
        }
        if (retries < 0 || retries > 100) {
            throw new ConfigurationException("--retries takes 0 to 100, not " + retries);
        }
        if (exitOn == ExitPolicy.Scope.REGRESSIONS && compare == null) {
            throw new ConfigurationException("--exit-on regressions needs --compare FILE: regressions are against "
                    + "an earlier run");
        }
        // Read before anything runs, so a typo costs seconds, not a whole run.
        Optional<Baseline> tolerated = Optional.ofNullable(baseline).map(Baseline::read);
        Optional<EarlierRun> earlier = Optional.ofNullable(compare).map(EarlierRun::read);
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (Session s = Session.open(host, err)) {
            List<TestInstance> selected = select(selection.args(), s);
            List<String> names = selected.stream().map(TestInstance::name).toList();
            tolerated.ifPresent(b -> b.unmatched(names).forEach(r -> err.println("xtf-harness: warning: baseline rule "
                    + TerminalText.printable(r.pattern()) + " (" + r.origin() + ") matches no instance of this run")));
            if (timeout != null) {
                if (!(timeout > 0)) {
                    throw new ConfigurationException("--timeout must be a positive number of seconds, not " + timeout);
                }
                Duration t = Duration.ofMillis(Math.round(timeout * 1000));
                selected = selected.stream().map(i -> i.withTimeout(t)).toList();
            }
            ConsoleOptions.Mode requested = consoleOptions.mode();
            DoctorReport report = null;
            if (!s.simulated && (!force || requested == ConsoleOptions.Mode.AUTO)) {
                report = DoctorCommand.inspect(s.host, host, null);
            }
            ConsoleOptions.Mode mode = consoleOptions.resolve(report);
            if (report != null && !force && !ConsoleOptions.blocking(report, mode).isEmpty()) {
                err.print(report.toHuman());
                boolean logOnly = ConsoleOptions.blocking(report, ConsoleOptions.Mode.LIVE).isEmpty();
                throw new ConfigurationException("console capture will not work on " + s.hostDescription
                        + " (findings above); fix it, " + (logOnly ? "use --console live (which needs no guest log), " : "")
                        + "or pass --force to run anyway");
            }
            ConsoleSource console = consoleOptions.source(s, mode, report);
            HostCapabilities caps = s.domains.capabilities();
            HostFilter.Split split = HostFilter.of(caps).split(selected);
            List<Unrunnable> unrunnable = new ArrayList<>();
            split.unsupported().forEach(u -> unrunnable.add(new Unrunnable(u.instance(), u.reason())));

            if (resume != null && journal != null && !journal.equals(resume)) {
                throw new ConfigurationException("--resume appends to the journal it resumes (" + resume
                        + "); drop --journal " + journal);
            }
            // Held until the run's domains are gone: a second runner would destroy them as stale.
            RunLock lock = s.simulated ? null : RunLock.acquire(s.host.commands(), runLock, Clock.systemUTC());
            // One hook from the lock on: a signal before the runner exists must still release the lock.
            AtomicReference<Runner> current = new AtomicReference<>();
            Thread hook = new Thread(() -> onSignal(current.get(), lock, err), "xtf-harness-signal");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return runHoldingLock(s, console, selected, split.runnable(), unrunnable, current, out, err, tolerated,
                        earlier, caps);
            } finally {
                releaseQuietly(lock, err);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the run to finish
                }
            }
        }
    }

    private int runHoldingLock(Session s, ConsoleSource console, List<TestInstance> selected, List<TestInstance> runnable,
                               List<Unrunnable> unrunnable, AtomicReference<Runner> current,
                               PrintStream out, PrintStream err, Optional<Baseline> tolerated,
                               Optional<EarlierRun> earlier, HostCapabilities caps)
            throws Exception {
        Path journalFile;
        Journal j;
        List<TestResult> previous = List.of();
        if (resume != null) {
            journalFile = resume;
            Journal.Resumed r = Journal.openForAppend(resume, s.hostDescription);
            r.earlier().truncated().ifPresent(note -> err.println("xtf-harness: " + note));
            java.util.Set<String> names = new java.util.HashSet<>();
            selected.forEach(i -> names.add(i.name()));
            previous = r.earlier().finalResults().stream().filter(p -> names.contains(p.instance())).toList();
            long outside = r.earlier().finalResults().size() - previous.size();
            if (outside > 0) {
                err.println("xtf-harness: " + outside + " result(s) in " + resume
                        + " are outside this selection and are not reported");
            }
            err.println("xtf-harness: resuming " + resume + ": " + previous.size() + " of " + selected.size()
                    + " instance(s) already finished, not re-run");
            j = r.journal();
        } else {
            journalFile = journal != null ? journal : Path.of("xtf-harness-journal-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                    + ".jsonl");
            j = Journal.create(journalFile, new Journal.Header(Version.current(), Instant.now(),
                    s.hostDescription));
        }
        err.println("xtf-harness: " + selected.size() + " instance(s) on " + s.hostDescription
                + (s.simulated ? " (SIMULATED: no real Xen)" : "") + ", journal " + journalFile);
        err.println("xtf-harness: console: " + console.describe());

        Writer stdout = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Runner.Builder b = Runner.builder().domains(s.domains).console(console).parser(ResultParsers.xtf())
                .store(j::append)
                .options(RunOptions.defaults().withJobs(jobs).withTimeoutScale(timeoutScale)
                        .withHost(s.hostDescription, s.simulated))
                .retries(retries)
                .exitPolicy(new ExitPolicy(exitOn, strict));
        if (tolerated.isPresent() || earlier.isPresent()) {
            b.assessor(new BaselineAssessor(tolerated.orElse(Baseline.empty()), earlier,
                    Optional.of(caps.xenVersion())));
        }
        Progress progress = Progress.forStandardError(err, !noProgress, format != Format.text, System.getenv(),
                Clock.systemUTC());
        shownProgress = progress;
        b.listener(progress);
        b.listener(stdoutReporter(stdout, out));
        if (junit != null) {
            b.listener(Reporters.junitXml(junit));
        }
        if (html != null) {
            b.listener(Reporters.html(html));
        }
        if (jsonLines != null) {
            b.listener(new FileJsonLines(jsonLines));
        }
        if (xenrtJson != null) {
            b.listener(new XenrtJsonReporter(xenrtJson,
                    org.xtfharness.xenrt.XenrtConventions.defaults(), artifacts(journalFile)));
        }
        Runner runner = b.build();
        current.set(runner);
        RunSummary summary;
        try {
            summary = runner.run(runnable, unrunnable, previous);
        } finally {
            progress.close();
            j.close();
            stdout.flush();
        }
        return summary.exitCode();
    }

    private static void releaseQuietly(RunLock lock, PrintStream err) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (RuntimeException e) {
            err.println("xtf-harness: " + e.getMessage());
        }
    }

    private Map<String, String> artifacts(Path journalFile) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("journal", journalFile.toString());
        if (junit != null) {
            m.put("junit", junit.toString());
        }
        return m;
    }

    private RunListener stdoutReporter(Writer w, PrintStream out) {
        switch (format) {
            case tap:
                return TapReporter.to(w, tapVersion);
            case osstest_events:
                return OsstestEventStream.to(w);
            case json_lines:
                return Reporters.jsonLines(out);
            case text:
            default:
                return Reporters.textSummary(out);
        }
    }

    /** SIGINT or SIGTERM: stop, destroy every domain this run created, let the reports be written. */
    private void onSignal(Runner runner, RunLock lock, PrintStream err) {
        Progress shown = shownProgress;
        if (shown != null) {
            shown.close(); // the status line gives way to the message
        }
        if (runner != null) {
            err.println("xtf-harness: interrupted: destroying this run's domains; finished results are in the journal");
            runner.abort();
            try {
                runner.awaitFinished(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The JVM halts when the hooks end, perhaps before the main thread's own release: release here too.
        releaseQuietly(lock, err);
    }

    static List<TestInstance> select(List<String> args, Session s) {
        List<TestInstance> selected = Selection.parse(args).apply(s.catalogue());
        if (selected.isEmpty()) {
            throw new ConfigurationException("the selection " + args + " matches no instance in "
                    + s.catalogue().origin());
        }
        return selected;
    }

    /** {@code all} or {@code regressions}, in any case. */
    static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<ExitPolicy.Scope> {
        @Override
        public ExitPolicy.Scope convert(String value) {
            try {
                return ExitPolicy.Scope.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not an exit policy: all, regressions");
            }
        }
    }

    /** Accepts the formats as people type them (osstest-events) and as Java names them. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a format: text, tap, osstest-events, json-lines");
            }
        }
    }
}
