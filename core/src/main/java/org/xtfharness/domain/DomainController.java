package org.xtfharness.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xtfharness.host.HostStep;

/**
 * Controls domains on one Xen host: the runner protocol's hands.
 *
 * <p>Every method either does what it says or throws a
 * {@link org.xtfharness.error.HarnessException}. In particular a failing tool is never taken to
 * mean "the domain is gone": {@link #find} returns empty only when the host positively says the
 * domain does not exist.
 */
public interface DomainController {

    /** Creates the domain paused, with the spec's overrides, and returns its id. */
    DomainId createPaused(DomainSpec spec);

    /**
     * Creates the domain paused unless one of that name exists; empty (nothing created) if one does.
     * A controller that can do both in one host round trip overrides this.
     */
    default Optional<DomainId> createPausedIfAbsent(DomainSpec spec) {
        return find(spec.name()).isPresent() ? Optional.empty() : Optional.of(createPaused(spec));
    }

    /**
     * {@link #createPausedIfAbsent(DomainSpec)}, carrying {@code whilePaused} (the console's mark) in
     * the same round trip, run after the create, with the domain still paused, where the controller
     * can; the default carries nothing, and the step's owner then does it itself.
     */
    default Optional<DomainId> createPausedIfAbsent(DomainSpec spec, Optional<HostStep> whilePaused) {
        return createPausedIfAbsent(spec);
    }

    /** Lets a paused domain run. */
    void unpause(DomainId id);

    /** The named domain's current state; empty only when the host says it does not exist. */
    Optional<DomainInfo> find(String name);

    /** Every domain on the host, including domain 0. */
    List<DomainInfo> list();

    /**
     * Waits until the domain has shut down (crashed, rebooted, powered off: with preserve actions it
     * stays to be seen), has vanished, or {@code timeout} has passed. Never waits longer than the
     * timeout plus the time of one host query.
     */
    DomainEnd awaitShutdown(DomainId id, String name, Duration timeout);

    /**
     * {@link #unpause} then {@link #awaitShutdown}: a controller that can let the domain run and wait
     * for its end in one host round trip, blocking rather than polling, overrides this.
     */
    default DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout) {
        unpause(id);
        return awaitShutdown(id, name, timeout);
    }

    /**
     * {@link #runUntilShutdown(DomainId, String, Duration)}, carrying {@code atEnd} (the console's
     * settled output) in the same round trip, run on the host as soon as it has seen the domain's end,
     * with one more argument, the domain's state letters at its end as {@code xl list} prints them
     * ({@code ---s--}) or {@code gone}, where the controller can; the default carries nothing, as for {@link #createPausedIfAbsent(DomainSpec, Optional)}.
     */
    default DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout, Optional<HostStep> atEnd) {
        return runUntilShutdown(id, name, timeout);
    }

    /**
     * Destroys the named domain if it exists and returns once the host no longer lists it.
     *
     * @return true if there was a domain to destroy
     */
    boolean destroy(String name);

    /**
     * {@link #destroy} for the domain a test just ran, expected to exist; with {@code hypervisorLogLines}
     * above 0 it first takes the evidence ({@link #describe} and that many lines of
     * {@link #hypervisorLogTail}), best effort as they are. A controller that can do it all in one host
     * round trip overrides this.
     *
     * @throws org.xtfharness.error.HarnessException as {@link #destroy} does (the evidence is then lost)
     */
    default HostEvidence destroyExpected(String name, int hypervisorLogLines) {
        HostEvidence evidence = HostEvidence.none();
        if (hypervisorLogLines > 0) {
            List<String> notes = new ArrayList<>();
            evidence = new HostEvidence(
                    quietly(() -> describe(name), notes, "xl list -l"),
                    quietly(() -> hypervisorLogTail(hypervisorLogLines), notes, "xl dmesg"),
                    notes);
        }
        destroy(name);
        return evidence;
    }

    private static Optional<String> quietly(Supplier<Optional<String>> what, List<String> notes, String label) {
        try {
            return what.get();
        } catch (RuntimeException e) {
            notes.add("evidence '" + label + "' could not be captured: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What the host can run; asked of the host once and then remembered. */
    HostCapabilities capabilities();

    /** Evidence: the domain's full description ({@code xl list -l}), where the host gives one. */
    default Optional<String> describe(String name) {
        return Optional.empty();
    }

    /** Evidence: the last lines of the hypervisor's console ring ({@code xl dmesg}). */
    default Optional<String> hypervisorLogTail(int lines) {
        return Optional.empty();
    }
}
