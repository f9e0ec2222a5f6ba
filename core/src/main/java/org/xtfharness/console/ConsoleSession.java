package org.xtfharness.console;

import java.time.Duration;
import org.xtfharness.domain.DomainId;

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

    /** After the domain has shut down or timed out: exactly this run's output. */
    ConsoleCapture collect();

    @Override
    default void close() {}
}
