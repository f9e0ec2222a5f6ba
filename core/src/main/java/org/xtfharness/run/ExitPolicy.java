package org.xtfharness.run;

import java.util.Objects;
import java.util.Optional;
import org.xtfharness.result.Verdict;

/**
 * Which results decide a run's exit code. The code itself is always xtf-runner's for the worst
 * verdict among the results that count (SUCCESS 0, SKIP 3, ERROR 4, FAILURE 5, CRASH 6), and
 * {@link RunSummary#RUNNER_ERROR_EXIT} for an interrupted run.
 *
 * @param scope which results count at all
 * @param strict when true, a verdict a baseline tolerates counts all the same
 */
public record ExitPolicy(Scope scope, boolean strict) {

    /** Which results count towards the exit code. */
    public enum Scope {
        /** Every result, as xtf-runner does. */
        ALL,
        /**
         * Only what did not fail in the earlier run: {@link Assessment.Change#REGRESSION}, and a
         * {@link Assessment.Change#NEW_TEST} that does not pass (nothing vouched for it before).
         */
        REGRESSIONS
    }

    public ExitPolicy {
        Objects.requireNonNull(scope, "scope");
    }

    /** xtf-runner's policy: every result counts, tolerated or not being moot without a baseline. */
    public static ExitPolicy worstVerdict() {
        return new ExitPolicy(Scope.ALL, false);
    }

    /** The same policy, strict or not. */
    public ExitPolicy withStrict(boolean s) {
        return new ExitPolicy(scope, s);
    }

    /** The same policy with another scope. */
    public ExitPolicy withScope(Scope s) {
        return new ExitPolicy(s, strict);
    }

    /** True when this result, assessed as given (if at all), counts towards the exit code. */
    public boolean counts(TestResult result, Optional<Assessment> assessment) {
        if (result.verdict() == Verdict.SUCCESS) {
            return true; // counting a pass never raises the code
        }
        if (!strict && assessment.flatMap(Assessment::toleratedBecause).isPresent()) {
            return false;
        }
        if (scope == Scope.ALL) {
            return true;
        }
        Optional<Assessment.Change> change = assessment.flatMap(Assessment::change);
        // Without a comparison there is nothing to regress against: everything counts.
        return change.isEmpty()
                || change.get() == Assessment.Change.REGRESSION
                || change.get() == Assessment.Change.NEW_TEST;
    }
}
