package org.xtfharness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.osstest.OsstestEventStream;
import org.xtfharness.report.Reporters;
import org.xtfharness.report.TapReporter;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.xenrt.XenrtJsonReporter;
import org.xtfharness.result.ResultParsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xtf-harness run}: runs the selection and exits with the worst verdict, as xtf-runner does. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the selected tests and exit with the worst verdict: SUCCESS 0, SKIP 3, ERROR 4, "
                + "FAILURE 5, CRASH 6; 1 for a usage error or a failure of the runner itself."},
        footer = {"", "Examples:",
                "  xtf-harness run --simulate --all --non-default --junit junit.xml",
                "  xtf-harness run --xtf-dir /opt/xtf --all -j 4 --journal run.jsonl",
                "  xtf-harness run --host-target ssh://root@xenhost --xtf-dir /opt/xtf pv64 --format tap",
                "  xtf-harness run --xtf-dir /opt/xtf --console live --all"})
final class RunCommand implements Callable<Integer> {

    enum Format { text, tap, osstest_events, json_lines }

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

    @Option(names = "--json-lines", paramLabel = "FILE", description = "Write results as JSON lines here.")
    Path jsonLines;

    @Option(names = "--xenrt-json", paramLabel = "FILE", description = "Write the XenRT results document here.")
    Path xenrtJson;

    @Option(names = "--force", description = "Run even when doctor says console capture will not work.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (tapVersion != TapReporter.TAP13 && tapVersion != TapReporter.TAP14) {
            throw new ConfigurationException("--tap-version takes 13 or 14, not " + tapVersion);
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (Session s = Session.open(host, err)) {
            List<TestInstance> selected = select(selection.args(), s);
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
            HostFilter.Split split = HostFilter.of(s.domains.capabilities()).split(selected);
            List<Unrunnable> unrunnable = new ArrayList<>();
            split.unsupported().forEach(u -> unrunnable.add(new Unrunnable(u.instance(), u.reason())));

            Path journalFile = journal != null ? journal : Path.of("xtf-harness-journal-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                    + ".jsonl");
            Journal j = Journal.create(journalFile, new Journal.Header(Version.current(), Instant.now(),
                    s.hostDescription));
            err.println("xtf-harness: " + selected.size() + " instance(s) on " + s.hostDescription
                    + (s.simulated ? " (SIMULATED: no real Xen)" : "") + ", journal " + journalFile);
            err.println("xtf-harness: console: " + console.describe());

            Writer stdout = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Runner.Builder b = Runner.builder().domains(s.domains).console(console).parser(ResultParsers.xtf())
                    .store(j::append)
                    .options(RunOptions.defaults().withJobs(jobs).withTimeoutScale(timeoutScale)
                            .withHost(s.hostDescription, s.simulated));
            b.listener(new ProgressLines(err));
            b.listener(stdoutReporter(stdout, out));
            if (junit != null) {
                b.listener(Reporters.junitXml(junit));
            }
            if (jsonLines != null) {
                b.listener(new FileJsonLines(jsonLines));
            }
            if (xenrtJson != null) {
                b.listener(new XenrtJsonReporter(xenrtJson,
                        org.xtfharness.xenrt.XenrtConventions.defaults(), artifacts(journalFile)));
            }
            Runner runner = b.build();
            Thread hook = new Thread(() -> onSignal(runner, err), "xtf-harness-signal");
            Runtime.getRuntime().addShutdownHook(hook);
            RunSummary summary;
            try {
                summary = runner.run(split.runnable(), unrunnable, List.of());
            } finally {
                j.close();
                stdout.flush();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
            return summary.exitCode();
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
    private static void onSignal(Runner runner, PrintStream err) {
        err.println("xtf-harness: interrupted: destroying this run's domains; finished results are in the journal");
        runner.abort();
        try {
            runner.awaitFinished(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<TestInstance> select(List<String> args, Session s) {
        List<TestInstance> selected = Selection.parse(args).apply(s.catalogue());
        if (selected.isEmpty()) {
            throw new ConfigurationException("the selection " + args + " matches no instance in "
                    + s.catalogue().origin());
        }
        return selected;
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
