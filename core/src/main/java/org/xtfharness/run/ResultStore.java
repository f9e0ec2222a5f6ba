package org.xtfharness.run;

/**
 * Where the runner makes each finished result durable before it moves on. The journal is one;
 * an implementation that cannot store a result throws, and the run stops rather than go on
 * producing results it would lose.
 */
@FunctionalInterface
public interface ResultStore {

    /** Stores one result durably; returns only once it would survive the runner being killed. */
    void append(TestResult result);

    /** A store that keeps nothing, for library users who only want listeners. */
    static ResultStore none() {
        return r -> {};
    }
}
