package org.xtfharness.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host told about a domain just before it was destroyed, for a result's evidence.
 *
 * @param description the domain's full description ({@code xl list -l}), where the host gave one
 * @param hypervisorLog the last lines of the hypervisor's console ring ({@code xl dmesg})
 * @param notes what could not be captured, and why
 */
public record HostEvidence(Optional<String> description, Optional<String> hypervisorLog, List<String> notes) {

    public HostEvidence {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(hypervisorLog, "hypervisorLog");
        notes = List.copyOf(notes);
    }

    /** Nothing asked for, nothing captured. */
    public static HostEvidence none() {
        return new HostEvidence(Optional.empty(), Optional.empty(), List.of());
    }
}
