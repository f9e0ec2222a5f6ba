package org.xtfharness.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xtfharness.catalog.Suggestions;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.report.TerminalText;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.TestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xtf-harness show}: the evidence of one result from a journal, for whoever investigates it. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Print what a journal holds about one instance: verdict, cause, reason, attempts, where its "
                    + "console was read, the domain's state, the runner's notes and the console excerpt.",
            "INSTANCE is the full name (test-pv64-example) or its end after an environment (example) when "
                    + "that names one instance of the journal."
        },
        footer = {
            "",
            "Examples:",
            "  xtf-harness show test-pv64-sim-panic --journal run.jsonl",
            "  xtf-harness show sim-panic \\",
            "      --journal xtf-harness-journal-20240501-100000.jsonl"
        })
final class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance to show.")
    String instance;

    @Option(names = "--journal", paramLabel = "FILE", required = true, description = "The run's journal.")
    Path journal;

    @Override
    public Integer call() {
        Journal.Contents contents = Journal.read(journal);
        List<TestResult> attempts = attemptsOf(contents.results());
        PrintStream out = System.out;
        out.println(TerminalText.printable("journal:   " + journal + " (run on "
                + contents.header().host() + ", started " + contents.header().started() + ", xtf-harness "
                + contents.header().harnessVersion() + ")"));
        for (TestResult r : attempts) {
            print(out, r, attempts.size());
        }
        contents.truncated().ifPresent(t -> System.err.println("xtf-harness: " + TerminalText.printable(t)));
        StandardOutput.check(out, "the result");
        return 0;
    }

    private List<TestResult> attemptsOf(List<TestResult> results) {
        List<TestResult> exact =
                results.stream().filter(r -> r.instance().equals(instance)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<String> names =
                results.stream().map(TestResult::instance).distinct().toList();
        List<String> ending =
                names.stream().filter(n -> n.endsWith("-" + instance)).toList();
        if (ending.size() == 1) {
            return results.stream()
                    .filter(r -> r.instance().equals(ending.get(0)))
                    .toList();
        }
        if (ending.size() > 1) {
            throw new ConfigurationException("'" + instance + "' names " + ending.size() + " instances in journal "
                    + journal + ": " + String.join(", ", ending) + "; give the full name");
        }
        String hint = Suggestions.closest(instance, names)
                .map(c -> "; did you mean '" + c + "'?")
                .orElse("");
        throw new ConfigurationException(
                "no instance '" + instance + "' in journal " + journal + " (" + names.size() + " instance(s))" + hint);
    }

    private static void print(PrintStream out, TestResult r, int attempts) {
        Evidence e = r.evidence();
        out.println();
        out.println("instance:  " + TerminalText.printable(r.instance())
                + (attempts > 1 ? "  (attempt " + r.attempt() + ")" : ""));
        out.println("verdict:   " + r.verdict() + (r.outcome().withWarnings() ? " (with warnings)" : ""));
        out.println("cause:     " + r.outcome().cause()
                + (r.outcome().cause().isHarnessProblem() ? " (a problem of the harness, not the guest)" : ""));
        out.println("reason:    " + TerminalText.printable(r.outcome().reason()));
        for (String d : r.outcome().details()) {
            out.println("detail:    " + TerminalText.printable(d));
        }
        out.println("started:   " + r.started() + ", took " + r.duration().toMillis() / 1000.0 + " s");
        out.println("console:   " + (e.consoleOrigin().isEmpty() ? "(none)" : TerminalText.printable(e.consoleOrigin()))
                + e.consoleLocation().map(l -> " (" + l + ")").orElse("") + ", " + e.consoleBytes() + " bytes");
        out.println("domain:    "
                + e.domainState().map(s -> "state " + TerminalText.printable(s)).orElse("(state not seen)"));
        for (String n : e.notes()) {
            out.println("note:      " + TerminalText.printable(n));
        }
        if (e.consoleExcerpt().isEmpty()) {
            out.println("console excerpt: (empty)");
        } else {
            out.println("console excerpt (last " + e.consoleExcerpt().size() + " line(s)):");
            e.consoleExcerpt().forEach(l -> out.println("  | " + TerminalText.printable(l)));
        }
        e.hypervisorLog().ifPresent(h -> {
            out.println("xl dmesg (tail):");
            h.lines().forEach(l -> out.println("  | " + TerminalText.printable(l)));
        });
    }
}
