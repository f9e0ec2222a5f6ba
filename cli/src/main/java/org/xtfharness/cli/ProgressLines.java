package org.xtfharness.cli;

import java.io.PrintStream;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.TestResult;

/**
 * One plain line per finished attempt on standard error: readable in CI logs, no control characters.
 * A retry is counted once towards {@code [done/total]} and marked with its attempt number.
 */
final class ProgressLines implements RunListener {

    private final PrintStream err;
    private int total;
    private int done;
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    ProgressLines(PrintStream err) {
        this.err = err;
    }

    @Override
    public void runStarted(RunPlan plan) {
        total = plan.instances().size();
    }

    @Override
    public void notice(String instance, String message) {
        err.println("xtf-harness: " + (instance == null || instance.isEmpty() ? "" : instance + ": ") + message);
    }

    @Override
    public void instanceFinished(TestResult r) {
        if (seen.add(r.instance())) {
            done++;
        }
        err.printf("[%d/%d] %-40s %-7s %6.1f s  %s%s%n", done, total, r.instance(), r.verdict(),
                r.duration().toMillis() / 1000.0, r.attempt() > 1 ? "(attempt " + r.attempt() + ") " : "",
                r.outcome().reason());
    }
}
