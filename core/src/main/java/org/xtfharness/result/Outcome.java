package org.xtfharness.result;

import java.util.List;
import java.util.Objects;

/**
 * The verdict of one test run, why, and the reason a person reads.
 *
 * @param verdict the verdict
 * @param cause why the verdict is what it is
 * @param reason one line for people (e.g. {@code "domain crashed after printing SUCCESS"})
 * @param details further lines: the guest's reason lines, the panic message, anomalies
 * @param withWarnings true when the guest reported {@code SUCCESS with warnings}
 */
public record Outcome(Verdict verdict, Cause cause, String reason, List<String> details, boolean withWarnings) {

    public Outcome {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        details = List.copyOf(details);
        if (reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("reason must be one line: " + reason);
        }
        if (withWarnings && verdict != Verdict.SUCCESS) {
            throw new IllegalArgumentException("only SUCCESS carries warnings, not " + verdict);
        }
    }

    /** An outcome with no detail lines and no warnings. */
    public static Outcome of(Verdict verdict, Cause cause, String reason) {
        return new Outcome(verdict, cause, reason, List.of(), false);
    }

    /** An infrastructure ERROR for one test: the machinery failed, the guest is not to blame. */
    public static Outcome infrastructure(String reason) {
        return of(Verdict.ERROR, Cause.INFRASTRUCTURE, oneLine(reason));
    }

    /** Folds a message onto one line, for reasons built from exception messages. */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " | ").strip();
    }
}
