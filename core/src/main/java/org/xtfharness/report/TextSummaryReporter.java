package org.xtfharness.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * xtf-runner's summary, extended where it was silent. The lines
 * {@code Combined test results:} and {@code <instance padded to 40> <VERDICT>} keep xtf-runner's
 * shape so scripts that read them still work; after the verdict, a bracketed mark tells a timeout,
 * a harness problem or an unsupported host from the guest's own verdict, and every non-SUCCESS
 * result gets its one-line reason, indented, on the next line. Totals per verdict and the exit
 * code close it.
 *
 * <p>When the run was assessed (a baseline, an earlier run, retries), each result's mark also says
 * how it stands: {@code REGRESSION (was SUCCESS)}, {@code tolerated} with the baseline's reason on
 * its own line, {@code flaky: CRASH, then SUCCESS}; instances gone since the earlier run are
 * listed as {@code GONE}, and the totals count each class.
 */
public final class TextSummaryReporter implements RunListener {

    private final PrintStream out;

    /** @param out where the summary is printed at the end of the run */
    public TextSummaryReporter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void runFinished(RunSummary summary) {
        out.print(render(summary));
        out.flush();
    }

    /** The whole summary, lines ending in {@code \n}. */
    public static String render(RunSummary summary) {
        StringBuilder b = new StringBuilder();
        b.append("Combined test results:");
        b.append('\n');
        for (TestResult r : summary.results()) {
            Optional<Assessment> a = summary.assessment(r.instance());
            line(b, r.instance(), r.verdict().name(), mark(r, a));
            if (r.verdict() != Verdict.SUCCESS) {
                b.append("    ")
                        .append(TerminalText.printable(r.outcome().reason()))
                        .append('\n');
            }
            a.flatMap(Assessment::toleratedBecause)
                    .ifPresent(why -> b.append("    tolerated: ")
                            .append(TerminalText.printable(why))
                            .append('\n'));
            a.ifPresent(x -> x.earlierAttempts()
                    .forEach(e -> b.append("    attempt ")
                            .append(e.attempt())
                            .append(": ")
                            .append(e.verdict().name())
                            .append(": ")
                            .append(TerminalText.printable(e.outcome().reason()))
                            .append('\n')));
        }
        for (String name : summary.notRun()) {
            line(b, name, "NOT-RUN", Optional.of("[run interrupted]"));
        }
        Set<String> finished = new HashSet<>();
        summary.results().forEach(r -> finished.add(r.instance()));
        summary.assessments().values().stream()
                .filter(a -> a.change().orElse(null) == Assessment.Change.GONE && !finished.contains(a.instance()))
                .sorted(Comparator.comparing(Assessment::instance))
                .forEach(a -> line(
                        b,
                        a.instance(),
                        "GONE",
                        Optional.of("[not in this run; was "
                                + a.previousVerdict().map(Verdict::name).orElse("?") + "]")));
        b.append('\n');
        Map<Verdict, Integer> counts = summary.counts();
        b.append("Totals:");
        for (Verdict v : Verdict.values()) {
            b.append(' ').append(v.name()).append(' ').append(counts.get(v)).append(v == Verdict.CRASH ? "" : ",");
        }
        b.append(" (").append(summary.results().size()).append(summary.results().size() == 1 ? " result" : " results");
        if (!summary.notRun().isEmpty()) {
            b.append(", ").append(summary.notRun().size()).append(" not run");
        }
        b.append(")\n");
        long harness = summary.results().stream()
                .filter(r -> Marks.isHarness(r.outcome()))
                .count();
        long timeouts = summary.results().stream()
                .filter(r -> Marks.isTimeout(r.outcome()))
                .count();
        long unsupported = summary.results().stream()
                .filter(r -> r.outcome().cause() == Cause.HOST_UNSUPPORTED)
                .count();
        if (harness + timeouts + unsupported > 0) {
            b.append("Of which: ")
                    .append(harness)
                    .append(" harness problems (not the guest's fault), ")
                    .append(timeouts)
                    .append(" timeouts, ")
                    .append(unsupported)
                    .append(" unsupported by the host\n");
        }
        assessmentTotals(b, summary);
        if (summary.interruption().isPresent()) {
            b.append("Run INTERRUPTED (")
                    .append(summary.interruption().get().reason())
                    .append("): exit code ")
                    .append(summary.exitCode())
                    .append('\n');
        } else if (summary.runnerFailed()) {
            b.append("Worst result: ")
                    .append(summary.worst().name())
                    .append(", but the runner FAILED (")
                    .append(TerminalText.printable(String.join("; ", summary.runnerFailures())))
                    .append("): exit code ")
                    .append(summary.exitCode())
                    .append('\n');
        } else {
            b.append("Worst result: ")
                    .append(summary.worst().name())
                    .append(", exit code ")
                    .append(summary.exitCode());
            ExitPolicy p = summary.exitPolicy();
            if (!p.equals(ExitPolicy.worstVerdict()) || summary.toleratedCount() > 0) {
                b.append(" (counting ")
                        .append(p.scope() == ExitPolicy.Scope.REGRESSIONS ? "only regressions" : "every result")
                        .append(p.strict() ? ", tolerated ones too: strict" : ", not tolerated ones")
                        .append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static Optional<String> mark(TestResult r, Optional<Assessment> a) {
        List<String> words = new ArrayList<>();
        Marks.textMark(r.outcome(), r.attempt()).ifPresent(m -> words.add(m.substring(1, m.length() - 1)));
        words.addAll(Marks.assessmentWords(r, a));
        return words.isEmpty() ? Optional.empty() : Optional.of("[" + String.join("; ", words) + "]");
    }

    private static void assessmentTotals(StringBuilder b, RunSummary summary) {
        if (summary.assessments().isEmpty()) {
            return;
        }
        Map<Assessment.Change, Integer> changes = summary.changeCounts();
        if (changes.values().stream().anyMatch(n -> n > 0)) {
            b.append("Against the earlier run:");
            String sep = " ";
            for (Assessment.Change c : Assessment.Change.values()) {
                b.append(sep).append(c.name()).append(' ').append(changes.get(c));
                sep = ", ";
            }
            b.append('\n');
        }
        long tolerated = summary.toleratedCount();
        long flaky = summary.assessments().values().stream()
                .filter(Assessment::flaky)
                .count();
        long retried = summary.assessments().values().stream()
                .filter(a -> !a.earlierAttempts().isEmpty())
                .count();
        if (tolerated > 0) {
            b.append("Tolerated by the baseline: ").append(tolerated).append('\n');
        }
        if (retried > 0) {
            b.append("Retried: ")
                    .append(retried)
                    .append(", of which flaky (passed on a retry): ")
                    .append(flaky)
                    .append('\n');
        }
    }

    private static void line(StringBuilder b, String instance, String verdict, Optional<String> mark) {
        b.append(String.format("%-40s %s", instance, verdict));
        mark.ifPresent(m ->
                b.append(" ".repeat(Math.max(1, 9 - verdict.length()))).append(m));
        b.append('\n');
    }
}
