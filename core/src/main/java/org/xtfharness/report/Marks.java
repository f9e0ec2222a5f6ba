package org.xtfharness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.TestResult;

/**
 * How reports tell a guest's own verdict apart from a timeout, a failure of the harness, or a
 * host that cannot run the test: the same classification in every report.
 */
final class Marks {

    private Marks() {}

    /** True when the harness, not the guest, is to blame. */
    static boolean isHarness(Outcome o) {
        return o.cause().isHarnessProblem();
    }

    /** True when the guest hung. */
    static boolean isTimeout(Outcome o) {
        return o.cause() == Cause.TIMED_OUT;
    }

    /** The word machines read: the verdict for the guest's own results, else what really happened. */
    static String type(Outcome o) {
        if (isHarness(o)) {
            return o.cause().name();
        }
        if (isTimeout(o)) {
            return "TIMEOUT";
        }
        if (o.cause() == Cause.VANISHED) {
            return "VANISHED";
        }
        return o.verdict().name();
    }

    /** The text report's mark after the verdict, if any. */
    static Optional<String> textMark(Outcome o, int attempt) {
        String mark = null;
        if (isHarness(o)) {
            mark = "HARNESS " + o.cause().name() + ", not the guest";
        } else if (isTimeout(o)) {
            mark = "TIMEOUT";
        } else if (o.cause() == Cause.HOST_UNSUPPORTED) {
            mark = "not run: host lacks support";
        } else if (o.cause() == Cause.VANISHED) {
            mark = "domain vanished";
        } else if (o.withWarnings()) {
            mark = "with warnings";
        }
        if (attempt > 1) {
            mark = (mark == null ? "" : mark + ", ") + "attempt " + attempt;
        }
        return Optional.ofNullable(mark).map(m -> "[" + m + "]");
    }

    /**
     * The words an assessment adds to a result, e.g. {@code REGRESSION (was SUCCESS)},
     * {@code tolerated}, {@code flaky: CRASH, then SUCCESS}; empty when it says nothing.
     */
    static List<String> assessmentWords(TestResult r, Optional<Assessment> assessment) {
        List<String> words = new ArrayList<>();
        if (assessment.isEmpty()) {
            return words;
        }
        Assessment a = assessment.get();
        a.change()
                .ifPresent(c -> words.add(c.name()
                        + a.previousVerdict()
                                .map(v -> " (was " + v.name() + ")")
                                .orElse("")));
        if (a.toleratedBecause().isPresent()) {
            words.add("tolerated");
        }
        if (!a.earlierAttempts().isEmpty()) {
            StringBuilder b = new StringBuilder(a.flaky() ? "flaky: " : "retried: ");
            a.earlierAttempts().forEach(e -> b.append(e.verdict().name()).append(", "));
            b.append("then ").append(r.verdict().name());
            words.add(b.toString());
        }
        return words;
    }
}
