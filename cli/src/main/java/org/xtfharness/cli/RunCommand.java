package org.xtfharness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.xtfharness.baseline.Baseline;
import org.xtfharness.baseline.BaselineAssessor;
import org.xtfharness.baseline.EarlierRun;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.RunLock;
import org.xtfharness.journal.Journal;
import org.xtfharness.osstest.OsstestEventStream;
import org.xtfharness.report.Reporters;
import org.xtfharness.report.TapReporter;
import org.xtfharness.report.TerminalText;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.Interruption;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.session.RunSession;
import org.xtfharness.shard.ShardEnvironment;
import org.xtfharness.time.TimeSource;
import org.xtfharness.xenrt.XenrtConventions;
import org.xtfharness.xenrt.XenrtJsonReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code xtf-harness run}: runs the selection and exits with the worst verdict, as xtf-runner does;
 * with a baseline, a comparison or retries, with the worst verdict of what counts.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Run the selected tests and exit with the worst verdict: SUCCESS 0, SKIP 3, ERROR 4, "
                    + "FAILURE 5, CRASH 6; 1 for a usage error or a failure of the runner itself. With --baseline, "
                    + "tolerated verdicts do not count (unless --strict); with --exit-on regressions, only regressions do."
        },
        footer = {
            "",
            "Examples:",
            "  xtf-harness run --simulate --all --non-default --junit junit.xml",
            "  xtf-harness run --xtf-dir /opt/xtf --all --baseline xtf.baseline \\",
            "      --compare last.jsonl --retries 1",
            "  xtf-harness run --xtf-dir /opt/xtf --all -j 4 --journal run.jsonl",
            "  xtf-harness run --host-target ssh://root@xenhost --xtf-dir /opt/xtf pv64 \\",
            "      --format tap",
            "  xtf-harness run --xtf-dir /opt/xtf --console live --all",
            "  xtf-harness run --simulate --all --html report.html 2> progress.log",
            "  xtf-harness run --xtf-dir /opt/xtf --all --shard 2/4 --journal shard-2.jsonl",
            "  xtf-harness run --xtf-dir /opt/xtf --all --shard auto \\",
            "      --shard-durations last-merged.jsonl    (GitLab parallel:, Bazel)",
            "",
            "Progress goes to standard error. On a terminal: one line per finished instance",
            "under a live status line (done/total, verdicts so far, elapsed, time left, what",
            "is running). Elsewhere (CI logs, pipes, files): only those lines, with no",
            "control characters. NO_COLOR=1 drops colour; --no-progress the status line."
        })
final class RunCommand implements Callable<Integer> {

    enum Format {
        text,
        tap,
        osstest_events,
        json_lines;

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

    @Mixin
    ShardOptions shards = new ShardOptions();

    /** This run's shard, for the journal's header; null for a whole run. */
    private Journal.ShardRecord shardRecord;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            defaultValue = "1",
            description = "Run N instances at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Per-instance timeout, after which a still-running guest is CRASH (timed out). "
                    + "Default: 30 s, or the instance's own.")
    Double timeout;

    @Option(
            names = "--timeout-scale",
            paramLabel = "FACTOR",
            defaultValue = "1.0",
            description = "Multiply every timeout, for slow or emulated hosts (default: ${DEFAULT-VALUE}).")
    double timeoutScale;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            converter = FormatConverter.class,
            description =
                    "What goes to standard output: text, tap, osstest-events, json-lines (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--tap-version",
            paramLabel = "13|14",
            defaultValue = "14",
            description = "TAP version for --format tap; Perl's prove before TAP::Harness 3.48 wants 13.")
    int tapVersion;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (Jenkins schema) here.")
    Path junit;

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description = "Journal each result to this new file, forced "
                    + "to disk before the next test starts, and locked against a second run. Default: a new "
                    + "xtf-harness-journal-<time>[-N].jsonl in the current directory.")
    Path journal;

    @Option(
            names = "--resume",
            paramLabel = "JOURNAL",
            description = "Resume the interrupted run this journal "
                    + "belongs to: its results are reported again, not re-run, and the rest of the selection (give the same "
                    + "one) runs with its results appended to the same journal.")
    Path resume;

    @Option(
            names = "--run-lock",
            paramLabel = "PATH",
            defaultValue = RunLock.DEFAULT_PATH,
            description = "The lock directory on the Xen host that keeps a second runner off it (default: "
                    + "${DEFAULT-VALUE}).")
    String runLock;

    @Option(names = "--json-lines", paramLabel = "FILE", description = "Write results as JSON lines here.")
    Path jsonLines;

    @Option(names = "--xenrt-json", paramLabel = "FILE", description = "Write the XenRT results document here.")
    Path xenrtJson;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write one self-contained HTML report here: "
                    + "counts, a sortable table of instances, each failure's reason and console folded under it.")
    Path html;

    @Option(
            names = "--no-progress",
            description = "No live status line, even on a terminal; the plain line per "
                    + "finished instance stays. Off a terminal there is never a status line. NO_COLOR drops colour.")
    boolean noProgress;

    @Option(names = "--force", description = "Run even when doctor says console capture will not work.")
    boolean force;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Verdicts to tolerate (docs/baseline.md): a "
                    + "tolerated verdict is reported as such, keeps its real verdict, and does not count towards the exit "
                    + "code unless --strict.")
    Path baseline;

    @Option(
            names = "--strict",
            description = "Count verdicts the baseline tolerates towards the exit code all the same.")
    boolean strict;

    @Option(
            names = "--compare",
            paramLabel = "FILE",
            description = "An earlier run's journal or JUnit XML: class "
                    + "each instance as PASS, REGRESSION, STILL_FAILING, FIXED, NEW_TEST or GONE in every report.")
    Path compare;

    @Option(
            names = "--exit-on",
            paramLabel = "all|regressions",
            defaultValue = "all",
            converter = ScopeConverter.class,
            description = "Which results decide the exit code: all (xtf-runner's worst verdict, the default) or "
                    + "regressions (with --compare: only instances that did not fail before, and failing new ones).")
    ExitPolicy.Scope exitOn;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "0",
            description = "Re-run an instance that ends in CRASH or in an infrastructure ERROR up to N more times; "
                    + "one that passes on a retry is reported flaky (default: ${DEFAULT-VALUE}).")
    int retries;

    @Override
    public Integer call() throws Exception {
        if (tapVersion != TapReporter.TAP13 && tapVersion != TapReporter.TAP14) {
            throw new ConfigurationException("--tap-version takes 13 or 14, not " + tapVersion);
        }
        if (retries < 0 || retries > 100) {
            throw new ConfigurationException("--retries takes 0 to 100, not " + retries);
        }
        if (exitOn == ExitPolicy.Scope.REGRESSIONS && compare == null) {
            throw new ConfigurationException(
                    "--exit-on regressions needs --compare FILE: regressions are against " + "an earlier run");
        }
        Optional<Duration> timeoutOption = timeout();
        if (!(timeoutScale >= RunOptions.MIN_TIMEOUT_SCALE && timeoutScale <= RunOptions.MAX_TIMEOUT_SCALE)) {
            throw new ConfigurationException(
                    "--timeout-scale takes " + RunOptions.TIMEOUT_SCALE_RANGE + ", not " + timeoutScale);
        }
        consoleOptions.validate();
        // Read before anything runs, so a typo costs seconds, not a whole run.
        Optional<Baseline> tolerated = Optional.ofNullable(baseline).map(Baseline::read);
        Optional<EarlierRun> earlier = Optional.ofNullable(compare).map(EarlierRun::read);
        PrintStream err = System.err;
        // A reader that stops reading (a dead osstest step, `| head -1`) stops the run as SIGTERM
        // would: no new instance, domains destroyed, journal kept. Aborted from a thread of its own:
        // the failed write may be a worker's, holding the runner's lock that the abort needs.
        AtomicReference<RunSession> running = new AtomicReference<>();
        AtomicBoolean outputLost = new AtomicBoolean();
        PrintStream out = StandardOutput.watching(System.out, () -> {
            outputLost.set(true);
            RunSession rs = running.get();
            if (rs != null) {
                Thread t = new Thread(
                        () -> rs.abort(Interruption.outputLost("standard output")), "xtf-harness-output-lost");
                t.setDaemon(true);
                t.start();
            }
        });
        Optional<ShardOptions.Resolved> shard = shards.resolve(System.getenv(), err);
        try (Session s = Session.open(host, err)) {
            List<TestInstance> selected = select(selection, s, err);
            // The whole selection's names: a baseline rule is for the selection, not for one shard of it.
            List<String> names = selected.stream().map(TestInstance::name).toList();
            if (shard.isPresent()) {
                ShardOptions.Cut cut = ShardOptions.cut(selected, shard.get(), err);
                selected = cut.instances();
                shardRecord = cut.record(
                        shard.get().shard(),
                        Optional.of(s.domains.capabilities().xenVersion()));
            }
            tolerated.ifPresent(b -> b.unmatched(names)
                    .forEach(r ->
                            err.println("xtf-harness: warning: baseline rule " + TerminalText.printable(r.pattern())
                                    + " (" + r.origin() + ") matches no instance of this run")));
            if (timeoutOption.isPresent()) {
                selected = selected.stream()
                        .map(i -> i.withTimeout(timeoutOption.get()))
                        .toList();
            }
            ConsoleOptions.Mode requested = consoleOptions.mode();
            DoctorReport report = null;
            if (s.boot() && requested == ConsoleOptions.Mode.LIVE) {
                throw new ConfigurationException(
                        "--console live is for xl hosts: boot mode reads QEMU's serial console");
            }
            if (!s.boot() && (!force || requested == ConsoleOptions.Mode.AUTO)) {
                report = DoctorCommand.inspect(s.host, s.domains, host, null);
            }
            ConsoleOptions.Mode mode = consoleOptions.resolve(report);
            ConsoleSource console = consoleOptions.source(s, mode, report);
            HostCapabilities caps = s.domains.capabilities();
            List<Unrunnable> unrunnable = new ArrayList<>();
            List<TestInstance> bootable = selected;
            if (s.boot()) {
                // Boot mode's own reasons first: they read the cfg and the image, and say more.
                bootable = new ArrayList<>();
                for (TestInstance i : selected) {
                    Optional<String> why = s.testbed.unrunnable(i);
                    if (why.isPresent()) {
                        unrunnable.add(new Unrunnable(i, why.get()));
                    } else {
                        bootable.add(i);
                    }
                }
            }
            HostFilter.Split split = HostFilter.of(caps).split(bootable);
            split.unsupported().forEach(u -> unrunnable.add(new Unrunnable(u.instance(), u.reason())));

            Writer stdout = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Progress progress = Progress.forStandardError(
                    err, !noProgress, format != Format.text, System.getenv(), TimeSource.system());
            Runner.Builder b = Runner.builder()
                    .domains(s.domains)
                    .console(console)
                    .parser(ResultParsers.xtf())
                    .options(RunOptions.builder()
                            .jobs(jobs)
                            .timeoutScale(timeoutScale)
                            .host(s.hostDescription)
                            .build())
                    .retries(retries)
                    .exitPolicy(new ExitPolicy(exitOn, strict))
                    .listener(progress)
                    .listener(stdoutReporter(stdout, out, unrunnable));
            if (tolerated.isPresent() || earlier.isPresent()) {
                b.assessor(new BaselineAssessor(
                        tolerated.orElse(Baseline.empty()), earlier, Optional.of(caps.xenVersion())));
            }
            RunSummary summary;
            Path journalFile;
            try (RunSession session = session(b, s, report, mode).open()) {
                journalFile = session.journalFile();
                running.set(session);
                // Bazel takes a runner that does not touch it for one that ignores sharding.
                shard.flatMap(ShardOptions.Resolved::statusFile).ifPresent(ShardEnvironment::touch);
                describe(session, selected, s, console, err);
                summary = session.run(split.runnable(), unrunnable);
            } finally {
                progress.close();
                stdout.flush();
            }
            if (outputLost.get()) {
                String lost = "xtf-harness: " + StandardOutput.LOST + "; the results so far are in " + journalFile;
                if (summary.interrupted()) {
                    err.println(lost + "; the run was stopped (exit " + summary.exitCode() + ")");
                    return summary.exitCode();
                }
                // Lost only at the very end: the run is whole, but its reader did not get it.
                throw new InfrastructureException(StandardOutput.LOST + "; the results are in " + journalFile);
            }
            return summary.exitCode();
        }
    }

    /** {@code --timeout} as a duration a deadline can hold: a usage error, not an ERROR for every test. */
    private Optional<Duration> timeout() {
        if (timeout == null) {
            return Optional.empty();
        }
        double max = TestInstance.MAX_TIMEOUT.toSeconds();
        if (!(timeout >= 0.001 && timeout <= max)) {
            throw new ConfigurationException("--timeout takes a number of seconds from 0.001 to " + (long) max + " ("
                    + TestInstance.MAX_TIMEOUT.toDays() + " days), not " + timeout);
        }
        return Optional.of(Duration.ofMillis(Math.round(timeout * 1000)));
    }

    /** The run's outputs, locks and checks, as the options ask. */
    private RunSession.Builder session(Runner.Builder b, Session s, DoctorReport report, ConsoleOptions.Mode mode) {
        RunSession.Builder sb = RunSession.builder(b)
                .harnessVersion(Version.current())
                .runLock(runLock)
                .force(force);
        if (!s.boot()) {
            sb.host(s.host); // boot mode has no xl host to inspect or lock: its QEMUs share nothing
        }
        if (report != null) {
            sb.doctorReport(report);
            boolean logOnly =
                    ConsoleOptions.blocking(report, ConsoleOptions.Mode.LIVE).isEmpty();
            sb.refusalAdvice("Fix it, " + (logOnly ? "use --console live (which needs no guest log), " : "")
                    + "or pass --force to run anyway.");
        }
        if (mode == ConsoleOptions.Mode.LIVE) {
            sb.tolerating(ConsoleOptions.LOG_ONLY_FINDINGS);
        }
        if (shardRecord != null) {
            sb.shard(shardRecord);
        }
        if (resume != null) {
            if (journal != null && !journal.equals(resume)) {
                throw new ConfigurationException(
                        "--resume appends to the journal it resumes (" + resume + "); drop --journal " + journal);
            }
            sb.resume(resume);
        } else if (journal != null) {
            sb.journal(journal);
        }
        if (junit != null) {
            sb.report("--junit", junit, (file, j) -> Reporters.junitXml(file));
        }
        if (html != null) {
            sb.report("--html", html, (file, j) -> Reporters.html(file));
        }
        if (jsonLines != null) {
            sb.report("--json-lines", jsonLines, (file, j) -> new FileJsonLines(file));
        }
        if (xenrtJson != null) {
            sb.report(
                    "--xenrt-json",
                    xenrtJson,
                    (file, j) -> new XenrtJsonReporter(file, XenrtConventions.defaults(), artifacts(j)));
        }
        return sb;
    }

    /** What is about to run, where, and what a resumed journal already holds. */
    private static void describe(
            RunSession session, List<TestInstance> selected, Session s, ConsoleSource console, PrintStream err) {
        session.resumed().ifPresent(c -> {
            c.truncated().ifPresent(note -> err.println("xtf-harness: " + note));
            Set<String> names = new HashSet<>();
            selected.forEach(i -> names.add(i.name()));
            long inSelection = session.resumedFinal().stream()
                    .filter(r -> names.contains(r.instance()))
                    .count();
            long held = c.finalResults().stream()
                    .filter(r -> names.contains(r.instance()))
                    .count();
            long outside = c.finalResults().size() - held;
            if (outside > 0) {
                err.println("xtf-harness: " + outside + " result(s) in " + session.journalFile()
                        + " are outside this selection and are not reported");
            }
            err.println("xtf-harness: resuming " + session.journalFile() + ": " + inSelection + " of " + selected.size()
                    + " instance(s) already finished, not re-run"
                    + (held > inSelection ? "; " + (held - inSelection) + " go on with their retries" : ""));
        });
        err.println("xtf-harness: " + selected.size() + " instance(s) on " + s.hostDescription + ", journal "
                + session.journalFile());
        err.println("xtf-harness: console: " + console.describe());
    }

    private Map<String, String> artifacts(Path journalFile) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("journal", journalFile.toString());
        if (junit != null) {
            m.put("junit", junit.toString());
        }
        return m;
    }

    private RunListener stdoutReporter(Writer w, PrintStream out, List<Unrunnable> unrunnable) {
        return switch (format) {
            case tap -> TapReporter.to(w, tapVersion);
            case osstest_events ->
                OsstestEventStream.to(
                        w, unrunnable.stream().map(u -> u.instance().name()).toList());
            case json_lines -> Reporters.jsonLines(out);
            case text -> Reporters.textSummary(out);
        };
    }

    static List<TestInstance> select(SelectionOptions selection, Session s, PrintStream err) {
        List<String> args = selection.args();
        Catalogue catalogue = s.catalogue(selection.skipBrokenTests, err);
        List<TestInstance> selected = Selection.parse(args).apply(catalogue);
        if (selected.isEmpty()) {
            throw new ConfigurationException("the selection " + args + " matches no instance in " + catalogue.origin());
        }
        return selected;
    }

    /** {@code all} or {@code regressions}, in any case. */
    static final class ScopeConverter implements ITypeConverter<ExitPolicy.Scope> {
        @Override
        public ExitPolicy.Scope convert(String value) {
            try {
                return ExitPolicy.Scope.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an exit policy: all, regressions");
            }
        }
    }

    /** Accepts the formats as people type them (osstest-events) and as Java names them. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a format: text, tap, osstest-events, json-lines");
            }
        }
    }
}
