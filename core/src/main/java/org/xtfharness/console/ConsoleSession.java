package org.xtfharness.console;

import java.time.Duration;
import java.util.Optional;
import org.xtfharness.domain.DomainId;
import org.xtfharness.host.HostStep;

/**
 * One run's capture. The runner calls, in order, for each attempt at an instance:
 *
 * <ol>
 *   <li>{@link ConsoleSource#openDeferringMark} before the domain exists;
 *   <li>{@link #whilePaused}, whose step the domain controller carries in the create's round trip
 *       ({@code DomainController#createPausedIfAbsent}), run with the domain created and paused;
 *   <li>{@link #attach} with the domain still paused;
 *   <li>{@link #atEnd}, whose step the controller carries in the unpause-and-wait round trip
 *       ({@code DomainController#runUntilShutdown}), run as soon as the host has seen the end;
 *   <li>{@link #collect} once the domain has shut down or timed out;
 *   <li>{@link #close}, always, also when a step failed.
 * </ol>
 *
 * <p>If a domain of the same name is left from an earlier run, the first session is closed after
 * step 2 (the create did not happen), the stale domain destroyed, and a new session opened: none of
 * the stale domain's output is taken for this run's. A session is used by one thread at a time.
 */
public interface ConsoleSession extends AutoCloseable {

    /**
     * Called with the domain created but still paused; returns once capture is certain to see the
     * guest's first byte. A source that cannot guarantee that throws an
     * {@link org.xtfharness.error.InfrastructureException}, and the domain is never unpaused.
     */
    default void attach(DomainId id, Duration deadline) {}

    /**
     * Host work to carry in the create's round trip, run with the domain created and still paused
     * (the log's mark, for a session {@linkplain ConsoleSource#openDeferringMark opened deferring
     * it}). Whether or not it was carried, {@link #attach} follows and does what is still undone.
     */
    default Optional<HostStep> whilePaused() {
        return Optional.empty();
    }

    /**
     * Host work to carry in the wait's round trip, run as soon as the host has seen the domain's end
     * (the log settled and read). Whether or not it was carried, {@link #collect} returns this run's
     * output, reading what the step did not bring.
     */
    default Optional<HostStep> atEnd() {
        return Optional.empty();
    }

    /** After the domain has shut down or timed out: exactly this run's output. */
    ConsoleCapture collect();

    @Override
    default void close() {}
}
