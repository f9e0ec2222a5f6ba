package org.xtfharness.console;

import java.time.Duration;
import java.util.Optional;
import org.xtfharness.domain.DomainId;
import org.xtfharness.host.HostStep;

/**
 * One run's capture. The runner calls, in order: {@link ConsoleSource#open} (before the domain
 * exists), {@link #attach} (domain created paused), unpause, await shutdown, {@link #collect},
 * {@link #close}. {@link #close} is always called, also when a step failed.
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
