package org.xtfharness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

/**
 * One finished attempt at one instance: what the journal holds, one line each.
 *
 * @param instance the instance (and domain) name
 * @param outcome the verdict and why
 * @param started when the attempt started
 * @param duration how long it took, from the stale-domain check to the domain's destruction
 * @param attempt 1 for the first attempt, more for retries
 * @param evidence what a person needs to investigate it
 */
public record TestResult(
        String instance, Outcome outcome, Instant started, Duration duration, int attempt, Evidence evidence) {

    public TestResult {
        DomainNames.requireValid(instance);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(evidence, "evidence");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt < 1");
        }
    }

    public Verdict verdict() {
        return outcome.verdict();
    }
}
