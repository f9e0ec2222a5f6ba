package org.xtfharness.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.Suggestions;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.HarnessException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.RunLock;
import org.xtfharness.host.ScratchDirs;
import org.xtfharness.report.Reporters;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.session.RunSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * xtf-runner's command line, unchanged, run by xtf-harness: what {@code bin/xtf-runner} and
 * {@code xtf-harness} without a subcommand answer to. Standard output, exit codes and errors are
 * xtf-runner's (docs/xtf-runner-dropin.md cites its source line by line); xtf-harness's own
 * knowledge goes to standard error, the journal and JUnit.
 */
@Command(
        name = "xtf-runner",
        usageHelpWidth = 100,
        description = {
            "Xen Test Framework enumeration and running tool: xtf-runner's command line, run by xtf-harness.",
            "Lists (--list) or runs the selection; a run ends with xtf-runner's 'Combined test results:' block "
                    + "and exits with the worst verdict: SUCCESS 0, SKIP 3, ERROR 4, FAILURE 5, CRASH 6; "
                    + "1 for an error of the runner, 2 for a usage error."
        },
        footer = {
            "",
            "Examples:",
            "  xtf-runner --list hvm32",
            "  xtf-runner --list functional --host",
            "  xtf-runner -a --host -q",
            "  xtf-runner pv64 -m logfile --logfile-dir /var/log/xen/console/",
            "",
            "Reasons, timeouts and infrastructure errors go to standard error, never into the block.",
            "See docs/xtf-runner-dropin.md."
        })
final class XtfRunnerCommand implements Callable<Integer> {

    /** The prefix of the scratch directory holding a journal nobody asked for. */
    static final String JOURNAL_SCRATCH_PREFIX = "xtf-harness-dropin-";

    /** optparse's exit code for a usage error. */
    static final int USAGE_EXIT = 2;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = {"-l", "--list"},
            description = "List tests in the selection.")
    boolean list;

    @Option(
            names = {"-a", "--all"},
            description = "Select all default categories.")
    boolean all;

    @Option(names = "--non-default", description = "Select all non default categories.")
    boolean nonDefault;

    @Option(names = "--environments", description = "With --list: list all the known environments.")
    boolean environments;

    @Option(names = "--host", description = "Restrict selection to applicable tests for the current host.")
    boolean hostOnly;

    @Option(
            names = {"-m", "--results-mode"},
            paramLabel = "console|logfile",
            defaultValue = "console",
            description = "Control how xtf-runner gets its test results: the live console (default) or "
                    + "xenconsoled's log file.")
    String resultsMode;

    @Option(
            names = "--logfile-dir",
            paramLabel = "DIR",
            defaultValue = "/var/log/xen/console/",
            description = "Specify the directory to look for console logs (default: ${DEFAULT-VALUE}).")
    String logfileDir;

    @Option(
            names = "--logfile-pattern",
            paramLabel = "PATTERN",
            defaultValue = "guest-%s.log",
            description = "Specify the log file name pattern (default: ${DEFAULT-VALUE}).")
    String logfilePattern;

    @Option(
            names = {"-q", "--quiet"},
            description = "Progressively make the output less verbose. "
                    + "1) No console logs, only test results. 2) Not even SUCCESS results.")
    boolean[] quiet = new boolean[0];

    @Parameters(paramLabel = "SELECTION", description = "Categories, environments and [[test-]ENV-]NAME[~VARIATION].")
    List<String> words = new ArrayList<>();

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    ConsoleOptions consoleOptions = new ConsoleOptions();

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description = "xtf-harness: journal each result to this new file.")
    Path journal;

    @Option(names = "--junit", paramLabel = "FILE", description = "xtf-harness: write JUnit XML here.")
    Path junit;

    @Option(
            names = "--run-lock",
            paramLabel = "PATH",
            defaultValue = RunLock.DEFAULT_PATH,
            description = "xtf-harness: the lock directory on the Xen host (default: ${DEFAULT-VALUE}).")
    String runLock;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    /** xtf-runner's own options (xtf-runner's optparse setup), which mark a command line as xtf-runner's. */
    private static final Set<String> XTF_RUNNER_OPTIONS = Set.of(
            "-l",
            "--list",
            "-a",
            "--all",
            "--non-default",
            "--environments",
            "--host",
            "-m",
            "--results-mode",
            "--logfile-dir",
            "--logfile-pattern",
            "-q",
            "--quiet",
            "-qq",
            "-qqq");

    /**
     * Whether {@code xtf-harness ARGS} means xtf-runner's command line: there is no subcommand, and
     * the command line is xtf-runner's (it starts with an option, or its first word is a category, an
     * environment, {@code pv}, {@code hvm} or a {@code test-} name, or xtf-runner's own options
     * follow). Any other first word is an unknown subcommand ({@link #unknownCommand}), never a
     * selection that would then need xl; one within two edits of a subcommand is left to picocli,
     * which names the closest.
     */
    static boolean wanted(String[] args, Set<String> subcommands) {
        if (args.length == 0
                || subcommands.contains(args[0])
                || Set.of("-h", "--help", "-V", "--version").contains(args[0])) {
            return false;
        }
        if (args[0].startsWith("-")) {
            return true;
        }
        if (subcommands.stream().anyMatch(c -> Suggestions.distance(args[0], c) <= 2)) {
            return false;
        }
        return selectionWord(args[0]) || Arrays.stream(args).anyMatch(XTF_RUNNER_OPTIONS::contains);
    }

    /** A word only xtf-runner's selection uses: a category, an environment, pv, hvm, or a full instance name. */
    private static boolean selectionWord(String w) {
        return Category.fromId(w).isPresent()
                || Environment.fromId(w).isPresent()
                || w.equals("pv")
                || w.equals("hvm")
                || w.startsWith("test-");
    }

    /**
     * The usage error for a first word that is neither a subcommand nor xtf-runner's command line, or
     * empty when {@code args} is not such a command line.
     */
    static Optional<String> unknownCommand(String[] args, Set<String> subcommands) {
        if (args.length == 0 || args[0].startsWith("-") || subcommands.contains(args[0]) || wanted(args, subcommands)) {
            return Optional.empty();
        }
        if (subcommands.stream().anyMatch(c -> Suggestions.distance(args[0], c) <= 2)) {
            return Optional.empty();
        }
        List<String> commands = subcommands.stream().sorted().toList();
        String suggestion = Suggestions.closest(args[0], commands)
                .map(c -> "; did you mean 'xtf-harness " + c + "'?")
                .orElse("");
        return Optional.of("unknown command '" + args[0] + "': the commands are " + String.join(", ", commands)
                + suggestion + " (to select tests as xtf-runner does: xtf-harness run " + args[0]
                + ", or bin/xtf-runner " + args[0] + ")");
    }

    /** Runs xtf-runner's command line; {@code prog} names the program in usage errors, as optparse's %prog. */
    static int execute(String prog, String... args) {
        CommandLine cl = new CommandLine(new XtfRunnerCommand());
        HostOptions.hideBootOptions(cl.getCommandSpec());
        cl.setCommandName(prog);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // xtf-runner's RunnerError: "Error: ..." on standard error, exit 1.
            String message = ex instanceof HarnessException || ex instanceof IllegalArgumentException
                    ? ex.getMessage()
                    : "internal error: " + ex;
            line.getErr().println("Error: " + message);
            line.getErr().flush();
            return RunSummary.RUNNER_ERROR_EXIT;
        });
        cl.setParameterExceptionHandler((ex, a) ->
                usageError(prog, optparseMessage(ex), ex.getCommandLine().getErr()));
        return cl.execute(args);
    }

    private static int usageError(String prog, String message, PrintWriter err) {
        err.println("Usage: " + prog + " [--list] <SELECTION> [options]");
        err.println();
        err.println(prog + ": error: " + message);
        err.flush();
        return USAGE_EXIT;
    }

    /** optparse's wording of the common usage errors. */
    private static String optparseMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()) {
            return "no such option: " + u.getUnmatched().get(0);
        }
        if (ex instanceof CommandLine.MissingParameterException m
                && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName() + " option requires 1 argument";
        }
        return ex.getMessage();
    }

    @Override
    public Integer call() throws Exception {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (!resultsMode.equals("console") && !resultsMode.equals("logfile")) {
            // optparse names the option as it was typed.
            String typed = parsed.originalArgs().stream()
                            .anyMatch(a -> a.equals("--results-mode") || a.startsWith("--results-mode="))
                    ? "--results-mode"
                    : "-m";
            return usageError(
                    spec.name(),
                    "option " + typed + ": invalid choice: '" + resultsMode + "' (choose from 'console', 'logfile')",
                    spec.commandLine().getErr());
        }
        for (String[] clash : new String[][] {
            {"--console", "-m/--results-mode"}, {"--log-dir", "--logfile-dir"}, {"--log-pattern", "--logfile-pattern"}
        }) {
            if (parsed.hasMatchedOption(clash[0])) {
                throw new ConfigurationException(clash[0] + " is not xtf-runner's: use " + clash[1]);
            }
        }
        // xtf-runner runs xl, but not to list (xtf-runner:258 reads tests/*/info.json; only --host
        // asks `xl info`, xtf-runner:287); the drop-in never swaps in the simulated host unless asked to.
        host.onlyAskedHosts = true;
        if ((!list || hostOnly)
                && !host.simulate
                && host.target().local()
                && !host.xl.get(0).contains("/")
                && !HostOptions.onPath(host.xl.get(0))) {
            throw new ConfigurationException("no " + host.xl.get(0) + " on this machine's PATH: xtf-runner runs tests "
                    + "with the xl toolstack (--host-target reaches a Xen host, --simulate runs the simulated one)");
        }
        host.logDir = logfileDir;
        host.logPattern = logfilePattern;
        try (Session s = Session.open(host, err)) {
            if (s.boot()) {
                throw new ConfigurationException(
                        "--boot is for `xtf-harness run` (and list/show): boot mode has no xl host");
            }
            List<TestInstance> selection = select(s);
            if (list) {
                if (environments) {
                    // Upstream xtf-runner's list (all_environments) is x86's; mmu64le is the arm fork's.
                    Arrays.stream(Environment.values())
                            .filter(e -> e.arch() == Arch.X86_64)
                            .map(Environment::id)
                            .sorted()
                            .forEach(out::println);
                    return 0;
                }
                if (selection.isEmpty()) {
                    throw new ConfigurationException("No tests selected");
                }
                selection.forEach(i -> out.println(i.name()));
                return 0;
            }
            if (selection.isEmpty()) {
                throw new ConfigurationException("No tests to run");
            }
            return run(s, selection);
        }
    }

    /** The selection in xtf-runner's order (name, then environment, then variation); with --host, what the host runs. */
    private List<TestInstance> select(Session s) {
        List<String> args = new ArrayList<>();
        if (all) {
            args.add("--all");
        }
        if (nonDefault) {
            args.add("--non-default");
        }
        args.addAll(words);
        // xtf-runner ignores a test directory it cannot read; the drop-in does too, and says so on stderr.
        Catalogue catalogue = s.catalogue(true, err);
        List<TestInstance> selected = Selection.parse(args).apply(catalogue).stream()
                .sorted(Comparator.comparing((TestInstance i) -> i.test().name())
                        .thenComparing(i -> i.environment().id())
                        .thenComparing(i -> i.variation().orElse("")))
                .collect(Collectors.toList());
        if (hostOnly && !selected.isEmpty()) {
            selected = HostFilter.of(s.domains.capabilities()).split(selected).runnable();
        }
        return selected;
    }

    private int run(Session s, List<TestInstance> selection) throws Exception {
        boolean logfile = resultsMode.equals("logfile");
        int q = quiet.length;
        // Every command the run really issues is echoed as xtf-runner echoes its own.
        EchoedCommands echoed = new EchoedCommands(s.host.commands(), host.xl, q == 0 ? out : nullStream());
        DomainController domains = DomainControllers.xl(
                echoed, XlOptions.builder().xlCommand(host.xl).build());
        ConsoleSource console = logfile ? s.console : consoleOptions.source(s, ConsoleOptions.Mode.LIVE, null, echoed);
        // The session's controller has asked `xl info` already (--host, the live console) or asks it
        // once here; the echoing one would ask again.
        HostFilter.Split split = HostFilter.of(s.domains.capabilities()).split(selection);
        List<Unrunnable> unrunnable = split.unsupported().stream()
                .map(u -> new Unrunnable(u.instance(), u.reason()))
                .toList();
        XtfRunnerReporter reporter = new XtfRunnerReporter(
                out,
                err,
                q,
                logfile ? XtfRunnerReporter.Mode.LOGFILE : XtfRunnerReporter.Mode.CONSOLE,
                selection.stream().map(TestInstance::name).toList(),
                unrunnable.stream().map(u -> u.instance().name()).collect(Collectors.toSet()),
                name -> pythonJoin(logfileDir, logfilePattern.replace("%s", name)));
        AtomicReference<RunSession> current = new AtomicReference<>();
        Runner.Builder b = Runner.builder()
                .domains(domains)
                .console(console)
                .parser(ResultParsers.xtf())
                .options(RunOptions.builder().jobs(1).host(s.hostDescription).build())
                .listener(reporter)
                // xtf-runner stops at the first failure of its machinery (its RunnerError): so does this mode.
                .listener(new RunListener() {
                    @Override
                    public void instanceFinished(TestResult r) {
                        if (XtfRunnerReporter.word(r).isEmpty()) {
                            current.get()
                                    .abort(r.instance() + ": a failure of the harness, as xtf-runner's RunnerError");
                        }
                    }
                });
        // xtf-runner asks no doctor, and scripts rely on that; a capture that fails is still never a
        // verdict (no console bytes is an infrastructure ERROR), so the drop-in runs forced.
        RunSession.Builder sb = RunSession.builder(b)
                .host(s.host)
                .harnessVersion(Version.current())
                .runLock(runLock)
                .force(true);
        // xtf-runner writes no file of its own; the drop-in keeps a journal only when asked
        // (--journal): else it journals into a scratch directory removed at the end.
        Path scratch = null;
        if (journal != null) {
            sb.journal(journal);
        } else {
            ScratchDirs.removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")), JOURNAL_SCRATCH_PREFIX);
            scratch = ScratchDirs.create(JOURNAL_SCRATCH_PREFIX);
            sb.journal(scratch.resolve("journal.jsonl"));
        }
        try {
            return run(s, sb, selection, split, unrunnable, reporter, current, console);
        } finally {
            if (scratch != null) {
                ScratchDirs.deleteTree(scratch);
            }
        }
    }

    private int run(
            Session s,
            RunSession.Builder sb,
            List<TestInstance> selection,
            HostFilter.Split split,
            List<Unrunnable> unrunnable,
            XtfRunnerReporter reporter,
            AtomicReference<RunSession> current,
            ConsoleSource console)
            throws Exception {
        if (junit != null) {
            sb.report("--junit", junit, (file, j) -> Reporters.junitXml(file));
        }
        try (RunSession session = sb.open()) {
            current.set(session);
            err.println("xtf-harness: " + selection.size() + " instance(s) on " + s.hostDescription + ", console: "
                    + console.describe() + (journal != null ? ", journal " + session.journalFile() : ""));
            RunSummary summary = session.run(split.runnable(), unrunnable);
            if (reporter.runnerError().isPresent()) {
                TestResult r = reporter.runnerError().get();
                throw new InfrastructureException(
                        r.instance() + ": " + r.outcome().reason());
            }
            return summary.interrupted() ? summary.exitCode() : reporter.exitCode();
        }
    }

    /** Python's os.path.join of two parts, as xtf-runner builds its logfile path: an absolute second part wins. */
    static String pythonJoin(String dir, String file) {
        if (file.startsWith("/") || dir.isEmpty()) {
            return file;
        }
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    private static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
