package org.xtfharness.baseline;

import java.util.Optional;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment.Change;

/**
 * How an instance's verdict compares with its verdict in an earlier run. ERROR, FAILURE and CRASH
 * fail; SUCCESS and SKIP do not (a skip says the test could not run, not that Xen is broken).
 */
public final class Comparison {

    private Comparison() {}

    /** True for the verdicts that fail: ERROR, FAILURE, CRASH. */
    public static boolean fails(Verdict v) {
        return v == Verdict.ERROR || v == Verdict.FAILURE || v == Verdict.CRASH;
    }

    /**
     * The change from {@code before} to {@code now}; one of them must be present.
     *
     * @param before the earlier run's verdict, empty when the instance was not in it
     * @param now this run's verdict, empty when the instance is not in this run
     */
    public static Change classify(Optional<Verdict> before, Optional<Verdict> now) {
        if (now.isEmpty()) {
            if (before.isEmpty()) {
                throw new IllegalArgumentException("nothing to compare: the instance is in neither run");
            }
            return Change.GONE;
        }
        if (before.isEmpty()) {
            return Change.NEW_TEST;
        }
        boolean failedBefore = fails(before.get());
        boolean failsNow = fails(now.get());
        if (failsNow) {
            return failedBefore ? Change.STILL_FAILING : Change.REGRESSION;
        }
        return failedBefore ? Change.FIXED : Change.PASS;
    }
}
