package org.xtfharness.result;

/** The {@link ResultParser}s the harness knows. */
public final class ResultParsers {

    private static final XtfResultParser XTF = new XtfResultParser();

    private ResultParsers() {}

    /** Xen Test Framework output: banner, {@code Environment:}, reasons, {@code Test result:}. */
    public static ResultParser xtf() {
        return XTF;
    }
}
