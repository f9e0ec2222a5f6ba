package org.xtfharness.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.xtfharness.run.Interruption;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Notes which signal (SIGINT or SIGTERM) ends the process, then exits as the JVM would, with 128 +
 * its number, running the shutdown hooks: a hook alone cannot tell a SIGINT from a SIGTERM, and a
 * run's reports must say which, with the exit code the process really has.
 */
final class SignalWatch implements AutoCloseable {

    private static final Map<String, Integer> WATCHED = Map.of("INT", 2, "TERM", 15);

    private final AtomicReference<Interruption> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalWatch() {}

    /** Watches SIGINT and SIGTERM until {@link #close()}; watches nothing where the JVM handles no signals. */
    static SignalWatch start() {
        SignalWatch w = new SignalWatch();
        WATCHED.forEach((name, number) -> {
            try {
                Signal s = new Signal(name);
                w.previous.put(s, Signal.handle(s, sig -> {
                    w.received.compareAndSet(null, Interruption.signal(name, number));
                    System.exit(w.received.get().exitCode());
                }));
            } catch (IllegalArgumentException notHandled) {
                // -Xrs, or a platform without it: the JVM's own handling (exit 128 + n) stays
            }
        });
        return w;
    }

    /** Watches nothing. */
    static SignalWatch none() {
        return new SignalWatch();
    }

    /** The signal that is ending the process, if one is. */
    Optional<Interruption> received() {
        return Optional.ofNullable(received.get());
    }

    /** Gives each signal back to the handler it had before. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
