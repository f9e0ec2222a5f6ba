package org.xtfharness.osstest;

import java.util.Optional;

/**
 * The status of an osstest step or substep, as osstest stores and reports it.
 *
 * <p>osstest keeps {@code fail} for the software under test failing and {@code broken} for a job
 * that could not be carried out because something around it (host, infrastructure, the test
 * machinery) broke; both are reported and neither is a pass.
 */
public enum OsstestStatus {
    /** The substep passed. */
    PASS("pass"),
    /** The software under test failed. */
    FAIL("fail"),
    /** The test could not be carried out because something around it broke. */
    BROKEN("broken"),
    /** The step was stopped before it finished. */
    ABORTED("aborted"),
    /** The step could not run because something it depends on did not succeed. */
    BLOCKED("blocked");

    private final String word;

    OsstestStatus(String word) {
        this.word = word;
    }

    /** The word osstest uses: {@code pass}, {@code fail}, ... */
    public String word() {
        return word;
    }

    /** True for {@link #PASS} only. */
    public boolean isPass() {
        return this == PASS;
    }

    /** The status osstest's word names, if it names one. */
    public static Optional<OsstestStatus> fromWord(String word) {
        for (OsstestStatus s : values()) {
            if (s.word.equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
