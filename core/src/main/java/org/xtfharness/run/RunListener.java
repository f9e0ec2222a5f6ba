package org.xtfharness.run;

import org.xtfharness.catalog.TestInstance;

/**
 * Hears a run as it happens. Reporters and progress displays are listeners; the journal is not
 * one: it is the run's {@link ResultStore}, to which a result is made durable before any listener
 * hears of it. Every method has an empty default, so a listener implements only what it needs.
 *
 * <p>Calls for different instances may come from different threads when a run has more than one
 * job; the runner serialises them, so an implementation needs no locking of its own.
 */
public interface RunListener {

    /** Before the first instance starts. */
    default void runStarted(RunPlan plan) {}

    /** An instance's attempt is starting. */
    default void instanceStarted(TestInstance instance, int attempt) {}

    /** Something a person watching should know, e.g. a stale domain was destroyed. */
    default void notice(String instance, String message) {}

    /** An attempt finished; its result is final for that attempt. */
    default void instanceFinished(TestResult result) {}

    /**
     * The run is being aborted ({@link Runner#abort(Interruption)}, e.g. on SIGINT). Called at once on
     * the aborting thread, not serialised with the other calls: keep it short and thread-safe.
     */
    default void runAborting(Interruption why) {}

    /** After the last instance, also when the run was interrupted. */
    default void runFinished(RunSummary summary) {}
}
