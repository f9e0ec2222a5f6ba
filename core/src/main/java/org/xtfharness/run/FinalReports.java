package org.xtfharness.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xtfharness.error.Messages;
import org.xtfharness.result.Outcome;

/**
 * The end of a run's reporting: every {@link FinalReport} is written showing the one exit code
 * decided, even when one of them cannot be written (that makes the run a runner error, and the
 * others say so). Failures go into the runner's own list, so {@link Runner#run} names them.
 */
final class FinalReports {

    private final List<FinalReport> finals;
    /** The runner's failures: read for the exit code, added to when a report fails. */
    private final List<String> failures;
    /** The runner's listener lock: a report is staged as the listeners are called, one at a time. */
    private final Object lock;

    FinalReports(List<FinalReport> finals, List<String> failures, Object lock) {
        this.finals = List.copyOf(finals);
        this.failures = failures;
        this.lock = lock;
    }

    /**
     * Decides the exit code once: every final report is staged; if one cannot be, the run is a
     * runner error and every report is staged again saying so; then all are put in place. Returns
     * the summary decided, with the runner's failures (those before and those here) in it.
     */
    RunSummary commit(RunSummary summary) {
        int known = failures.size();
        Map<FinalReport, FinalReport.Pending> staged = stage(finals, summary);
        RunSummary decided = summary;
        if (failures.size() > known) {
            // one could not be written: the others say so too, staged again for the decided exit code
            staged.values().forEach(FinalReport.Pending::discard);
            decided = failed(summary);
            staged = stage(List.copyOf(staged.keySet()), decided);
        }
        // A descriptor's or a device's report is written by its commit, which cannot be undone: when one
        // fails, the reports not yet committed are staged again, so they too show the exit code decided.
        Map<FinalReport, FinalReport.Pending> pending = new LinkedHashMap<>(staged);
        List<FinalReport> order = new ArrayList<>(pending.keySet());
        for (int i = 0; i < order.size(); i++) {
            FinalReport.Pending p = pending.get(order.get(i));
            if (p == null) {
                continue; // could not be staged again: its failure is counted
            }
            try {
                p.commit();
            } catch (RuntimeException e) {
                failures.add("a listener failed: " + Outcome.oneLine(Messages.reason(e)));
                List<FinalReport> rest = order.subList(i + 1, order.size());
                rest.forEach(f -> {
                    FinalReport.Pending dropped = pending.remove(f);
                    if (dropped != null) {
                        dropped.discard();
                    }
                });
                decided = failed(summary);
                pending.putAll(stage(rest, decided));
            }
        }
        return failed(decided);
    }

    private Map<FinalReport, FinalReport.Pending> stage(List<FinalReport> finals, RunSummary summary) {
        Map<FinalReport, FinalReport.Pending> staged = new LinkedHashMap<>();
        synchronized (lock) {
            for (FinalReport f : finals) {
                try {
                    staged.put(f, f.stage(summary));
                } catch (RuntimeException e) {
                    failures.add("a listener failed: " + Outcome.oneLine(Messages.reason(e)));
                }
            }
        }
        return staged;
    }

    /** The summary with the runner's own failures so far, which make its exit code 1. */
    private RunSummary failed(RunSummary s) {
        List<String> f = List.copyOf(failures);
        return f.isEmpty() ? s : s.withRunnerFailures(f);
    }
}
