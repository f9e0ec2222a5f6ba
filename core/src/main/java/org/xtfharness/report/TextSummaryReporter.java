package org.xtfharness.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * xtf-runner's summary, extended where it was silent. The lines
 * {@code Combined test results:} and {@code <instance padded to 40> <VERDICT>} keep xtf-runner's
 * shape so scripts that read them still work; after the verdict, a bracketed mark tells a timeout,
 * a harness problem or an unsupported host from the guest's own verdict, and every non-SUCCESS
 * result gets its one-line reason, indented, on the next line. Totals per verdict and the exit
 * code close it. A simulated run says so on the first line.
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
        if (summary.plan().simulated()) {
            b.append(" (SIMULATED run: no real Xen host was involved)");
        }
        b.append('\n');
        for (TestResult r : summary.results()) {
            line(b, r.instance(), r.verdict().name(), Marks.textMark(r.outcome(), r.attempt()));
            if (r.verdict() != Verdict.SUCCESS) {
                b.append("    ").append(Marks.printable(r.outcome().reason())).append('\n');
            }
        }
        for (String name : summary.notRun()) {
            line(b, name, "NOT-RUN", Optional.of("[run interrupted]"));
        }
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
        long harness = summary.results().stream().filter(r -> Marks.isHarness(r.outcome())).count();
        long timeouts = summary.results().stream().filter(r -> Marks.isTimeout(r.outcome())).count();
        long unsupported = summary.results().stream().filter(r -> r.outcome().cause() == Cause.HOST_UNSUPPORTED).count();
        if (harness + timeouts + unsupported > 0) {
            b.append("Of which: ").append(harness).append(" harness problems (not the guest's fault), ")
                    .append(timeouts).append(" timeouts, ").append(unsupported).append(" unsupported by the host\n");
        }
        if (summary.interrupted()) {
            b.append("Run INTERRUPTED: exit code ").append(summary.exitCode()).append('\n');
        } else {
            b.append("Worst result: ").append(summary.worst().name()).append(", exit code ")
                    .append(summary.exitCode()).append('\n');
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String instance, String verdict, Optional<String> mark) {
        b.append(String.format("%-40s %s", instance, verdict));
        mark.ifPresent(m -> b.append(" ".repeat(Math.max(1, 9 - verdict.length()))).append(m));
        b.append('\n');
    }
}
