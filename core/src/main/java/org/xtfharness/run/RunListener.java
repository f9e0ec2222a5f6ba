package org.xtfharness.run;

import org.xtfharness.catalog.TestInstance;

/**
 * Hears a run as it happens. Reporters, the journal and progress displays are listeners. Every
 * method has an empty default, so a listener implements only what it needs.
 *
 * <p>Calls for different instances may come from different threads when a run has more than one
 * job; the runner serialises them, so an implementation needs no locking of its own.
 */
public interface RunListener {

    /** Before the first instance starts. */
    default void runStarted(RunPlan plan) {
    }

    /** An instance's attempt is starting. */
    default void instanceStarted(TestInstance instance, int attempt) {
    }

    /** Something a person watching should know, e.g. a stale domain was destroyed. */
    default void notice(String instance, String message) {
    }

    /** An attempt finished; its result is final for that attempt. */
    default void instanceFinished(TestResult result) {
    }

    /** After the last instance, also when the run was interrupted. */
    default void runFinished(RunSummary summary) {
    }
}
