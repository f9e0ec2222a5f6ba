package org.xtfharness.domain;

/** A domain's numeric id. Domain 0 is the control domain and is never a test domain. */
public record DomainId(int value) {

    public DomainId {
        if (value < 0 || value > 0x7FF0) {
            throw new IllegalArgumentException("domain id out of range: " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
