package org.xtfharness.result;

import java.util.Locale;
import java.util.Optional;

/**
 * A test's verdict, ordered least to most severe as xtf-runner orders them: the worst verdict of
 * a run decides its exit code.
 */
public enum Verdict {
    SUCCESS(0),
    SKIP(3),
    ERROR(4),
    FAILURE(5),
    /** No valid result: the guest crashed, rebooted, hung, or printed no {@code Test result:} line. */
    CRASH(6);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** xtf-runner's exit code for a run whose worst verdict is this one. */
    public int exitCode() {
        return exitCode;
    }

    /** The more severe of the two. */
    public Verdict worst(Verdict other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    /** SUCCESS and SKIP: what osstest and xtf-runner's callers count as a pass. */
    public boolean isPass() {
        return this == SUCCESS || this == SKIP;
    }

    /** The verdict named exactly as XTF prints it ({@code SUCCESS}, ...), if it is one. */
    public static Optional<Verdict> fromXtfWord(String word) {
        for (Verdict v : values()) {
            if (v != CRASH && v.name().equals(word)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Parses a verdict name, case-insensitively, including CRASH. */
    public static Verdict parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
