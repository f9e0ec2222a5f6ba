package org.xtfharness.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every test instance a source offers, in a stable order (by test name, then environment, then
 * variation).
 *
 * @param instances the instances; names are unique
 * @param origin where they came from, for messages ({@code /usr/local/lib/xtf}, {@code simulated})
 * @param skipped the problems of the broken tests left out when asked to, one line each naming the
 *     file and what is wrong with it; empty otherwise
 */
public record Catalogue(List<TestInstance> instances, String origin, List<String> skipped) {

    public Catalogue {
        instances = List.copyOf(instances);
        skipped = List.copyOf(skipped);
        Set<String> seen = new HashSet<>();
        for (TestInstance i : instances) {
            if (!seen.add(i.name())) {
                throw new IllegalArgumentException("instance named twice in " + origin + ": " + i.name());
            }
        }
    }

    /** A catalogue with nothing left out. */
    public Catalogue(List<TestInstance> instances, String origin) {
        this(instances, origin, List.of());
    }

    public Optional<TestInstance> find(String instanceName) {
        return instances.stream().filter(i -> i.name().equals(instanceName)).findFirst();
    }

    /** The distinct tests, in order of first appearance. */
    public List<TestInfo> tests() {
        List<TestInfo> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TestInstance i : instances) {
            if (seen.add(i.test().name())) {
                out.add(i.test());
            }
        }
        return out;
    }
}
