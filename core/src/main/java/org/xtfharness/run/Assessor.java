package org.xtfharness.run;

import java.util.Map;

/**
 * Judges a finished run against what was expected of it: a baseline of tolerated verdicts, an
 * earlier run. The {@link Runner} calls it once, after the last instance and before any listener
 * hears {@link RunListener#runFinished}, so every report sees the same assessments.
 */
@FunctionalInterface
public interface Assessor {

    /**
     * The assessments for this run, keyed by instance name.
     *
     * @param summary the run; {@link RunSummary#assessments()} already holds what the runner knows
     *     itself (earlier attempts, flakiness), which the result must keep
     */
    Map<String, Assessment> assess(RunSummary summary);
}
