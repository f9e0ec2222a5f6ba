package org.xtfharness.xenrt;

/** A XenRT subcase result, with the number XenRT stores for it. */
public enum XenrtResult {
    NOTRUN(0),
    PASS(1),
    FAIL(2),
    PARTIAL(3),
    ERROR(4),
    SKIPPED(5),
    ALLOWED(6);

    private final int code;

    XenrtResult(int code) {
        this.code = code;
    }

    /** XenRT's number for this result ({@code RESULT_PASS} is 1). */
    public int code() {
        return code;
    }
}
