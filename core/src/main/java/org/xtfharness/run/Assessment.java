package org.xtfharness.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.result.Verdict;

/**
 * How one instance's result stands against what was expected of it: a baseline that tolerates its
 * verdict, an earlier run it is compared with, and retries. Reports show it beside the real
 * verdict, which it never replaces.
 *
 * @param instance the instance name
 * @param toleratedBecause why a baseline tolerates this verdict (its reason, bug reference), if it does
 * @param change how the result compares with an earlier run, when one was given
 * @param previousVerdict the earlier run's verdict for this instance, when it had one
 * @param earlierAttempts the attempts before the final one, oldest first (empty without retries)
 * @param flaky the instance failed and then passed on a retry
 */
public record Assessment(
        String instance,
        Optional<String> toleratedBecause,
        Optional<Change> change,
        Optional<Verdict> previousVerdict,
        List<TestResult> earlierAttempts,
        boolean flaky) {

    /** An instance's result against an earlier run's. */
    public enum Change {
        /** Passed then and now (or passed now with no earlier failure to speak of). */
        PASS,
        /** Did not fail before, fails now: what CI engineers ask about. */
        REGRESSION,
        /** Failed before and still fails, with the same or a different verdict. */
        STILL_FAILING,
        /** Failed before, passes now. */
        FIXED,
        /** Not in the earlier run. */
        NEW_TEST,
        /** In the earlier run, not in this one. */
        GONE
    }

    public Assessment {
        DomainNames.requireValid(instance);
        Objects.requireNonNull(toleratedBecause, "toleratedBecause");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(previousVerdict, "previousVerdict");
        earlierAttempts = List.copyOf(earlierAttempts);
    }

    /** Nothing to say about the instance. */
    public static Assessment none(String instance) {
        return new Assessment(instance, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), false);
    }

    /** The same assessment, tolerated for this reason (or not, when empty). */
    public Assessment withToleratedBecause(Optional<String> reason) {
        return new Assessment(instance, reason, change, previousVerdict, earlierAttempts, flaky);
    }

    /** The same assessment with this comparison against an earlier run. */
    public Assessment withChange(Change c, Optional<Verdict> previous) {
        return new Assessment(instance, toleratedBecause, Optional.of(c), previous, earlierAttempts, flaky);
    }

    /** True when nothing is said: no tolerance, no comparison, no retries. */
    public boolean isEmpty() {
        return toleratedBecause.isEmpty()
                && change.isEmpty()
                && previousVerdict.isEmpty()
                && earlierAttempts.isEmpty()
                && !flaky;
    }
}
