package org.xtfharness.run;

/**
 * A report written whole when the run ends, in two steps, so that every report shows the exit
 * code the run really ends with: the {@link Runner} stages every final report for the summary,
 * and only when all of them were staged (a failure makes the exit code 1, and they are staged again
 * with that) commits them, then tells the other listeners. A report file that cannot be written
 * thus never leaves the summary, the HTML or the XenRT JSON saying "exit code 0".
 */
public interface FinalReport extends RunListener {

    /** A staged report: put in place, or dropped. */
    interface Pending {
        /** Puts the report in place; throws a {@link org.xtfharness.error.HarnessException} if it cannot. */
        void commit();

        /** Drops the report, leaving its output as it was. */
        void discard();
    }

    /**
     * Writes the report for {@code summary} where no reader sees it yet.
     *
     * @throws RuntimeException naming the report if it cannot be written
     */
    Pending stage(RunSummary summary);

    /** Stages and commits at once, for a caller that drives the report itself. */
    @Override
    default void runFinished(RunSummary summary) {
        stage(summary).commit();
    }
}
