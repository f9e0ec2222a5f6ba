package org.xtfharness.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * xtf-runner's standard output for the drop-in mode: the guest console echo at xtf-runner's
 * verbosity and the {@code Combined test results:} block, byte for byte (xtf-runner lines cited in
 * docs/xtf-runner-dropin.md). What xtf-runner does not print (reasons, notices) goes to standard
 * error, never into the block.
 */
final class XtfRunnerReporter implements RunListener {

    /** How xtf-runner got the console, which decides how it echoes it. */
    enum Mode {
        CONSOLE,
        LOGFILE
    }

    private final PrintStream out;
    private final PrintStream err;
    private final int quiet;
    private final Mode mode;
    private final List<String> order;
    private final Set<String> notStarted;
    private final UnaryOperator<String> logfile;
    private final Map<String, String> words = new HashMap<>();
    private TestResult runnerError;

    /**
     * @param order the instance names in xtf-runner's order: the block's order
     * @param notStarted instances the host cannot run: xtf-runner prints nothing for them but their SKIP
     * @param logfile the logfile xtf-runner names for an instance ({@code -m logfile})
     */
    XtfRunnerReporter(
            PrintStream out,
            PrintStream err,
            int quiet,
            Mode mode,
            List<String> order,
            Set<String> notStarted,
            UnaryOperator<String> logfile) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.mode = mode;
        this.order = List.copyOf(order);
        this.notStarted = Set.copyOf(notStarted);
        this.logfile = logfile;
    }

    /**
     * The word xtf-runner would print for the same guest behaviour, or empty where xtf-runner would
     * have stopped with a runner error (an xl command failed or hung, a test's files are unusable).
     */
    static Optional<String> word(TestResult r) {
        Cause c = r.outcome().cause();
        if (c == Cause.INFRASTRUCTURE
                || c == Cause.HARNESS_TIMEOUT
                || c == Cause.CONFIGURATION
                || c == Cause.INTERRUPTED) {
            return Optional.empty();
        }
        // A domain destroyed under the run leaves xtf-runner a console with no result line: CRASH.
        return Optional.of(
                c == Cause.VANISHED ? Verdict.CRASH.name() : r.verdict().name());
    }

    @Override
    public void instanceStarted(TestInstance instance, int attempt) {
        if (mode == Mode.LOGFILE && quiet == 0 && !notStarted.contains(instance.name())) {
            out.println("Using logfile '" + logfile.apply(instance.name()) + "'");
        }
    }

    @Override
    public void notice(String instance, String message) {
        err.println("xtf-harness: " + (instance.isEmpty() ? "" : instance + ": ") + message);
    }

    @Override
    public void instanceFinished(TestResult r) {
        Optional<String> w = word(r);
        if (w.isEmpty()) {
            if (runnerError == null) {
                runnerError = r;
            }
            return;
        }
        words.put(r.instance(), w.get());
        if (r.outcome().cause() != Cause.HOST_UNSUPPORTED) {
            echo(r.evidence().consoleExcerpt());
        }
        if (r.verdict() != Verdict.SUCCESS) {
            err.println("xtf-harness: " + r.instance() + " " + w.get() + ": "
                    + r.outcome().reason());
        }
    }

    private void echo(List<String> lines) {
        if (mode == Mode.CONSOLE) {
            if (quiet == 0 && !lines.isEmpty()) {
                lines.forEach(out::println);
                out.println();
            }
            return;
        }
        for (String line : lines) {
            String l = line.stripTrailing();
            if (quiet == 0) {
                out.println(l);
            }
            if (l.contains("Test result:")) {
                out.println(); // xtf-runner prints this one at every verbosity
                return;
            }
        }
    }

    @Override
    public void runFinished(RunSummary summary) {
        if (summary.interrupted() || runnerError != null) {
            return; // xtf-runner stops without a block
        }
        out.println("Combined test results:");
        for (String name : order) {
            String w = words.get(name);
            if (w == null || w.equals("SUCCESS") && quiet >= 2) {
                continue;
            }
            out.println(String.format(Locale.ROOT, "%-40s %s", name, w));
        }
        out.flush();
    }

    /** The first result xtf-runner would have stopped at, if any. */
    Optional<TestResult> runnerError() {
        return Optional.ofNullable(runnerError);
    }

    /** xtf-runner's exit code for the words printed: that of the worst. */
    int exitCode() {
        return words.values().stream()
                .map(Verdict::parse)
                .reduce(Verdict.SUCCESS, Verdict::worst)
                .exitCode();
    }
}
