package org.xtfharness.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
     * Destroys the named domain if it exists and returns once the host no longer lists it.
     *
     * @return true if there was a domain to destroy
     */
    boolean destroy(String name);

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
