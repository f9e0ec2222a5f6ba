package org.xtfharness.domain;

import java.util.Objects;
import java.util.Set;

/**
 * What a Xen host can run, from {@code xl info}.
 *
 * @param xenVersion {@code xen_version}, e.g. {@code 4.17.3}
 * @param xenCaps {@code xen_caps} words, e.g. {@code xen-3.0-x86_64 hvm-3.0-x86_32}
 * @param virtCaps {@code virt_caps} words, e.g. {@code hvm hvm_directio}
 */
public record HostCapabilities(String xenVersion, Set<String> xenCaps, Set<String> virtCaps) {

    public HostCapabilities {
        Objects.requireNonNull(xenVersion, "xenVersion");
        xenCaps = Set.copyOf(xenCaps);
        virtCaps = Set.copyOf(virtCaps);
    }
}
