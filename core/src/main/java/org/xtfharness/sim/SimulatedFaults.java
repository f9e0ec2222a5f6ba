package org.xtfharness.sim;

import java.util.HashSet;
import java.util.Set;

/**
 * Failures a simulated host injects on purpose, for tests of how the runner copes with a host
 * that misbehaves. Each set holds domain names.
 *
 * @param createFails {@code createPaused} of these names fails as a failing {@code xl create} does
 * @param destroyFailsOnce the first {@code destroy} of each of these names fails; later ones work
 * @param vanishes these domains disappear when their guest ends, as if something else destroyed
 *                 them before their shutdown could be seen
 */
public record SimulatedFaults(Set<String> createFails, Set<String> destroyFailsOnce, Set<String> vanishes) {

    private static final SimulatedFaults NONE = new SimulatedFaults(Set.of(), Set.of(), Set.of());

    public SimulatedFaults {
        createFails = Set.copyOf(createFails);
        destroyFailsOnce = Set.copyOf(destroyFailsOnce);
        vanishes = Set.copyOf(vanishes);
    }

    /** A host that behaves. */
    public static SimulatedFaults none() {
        return NONE;
    }

    /** These faults plus: creating {@code name} fails. */
    public SimulatedFaults withCreateFailing(String name) {
        return new SimulatedFaults(plus(createFails, name), destroyFailsOnce, vanishes);
    }

    /** These faults plus: the first destroy of {@code name} fails. */
    public SimulatedFaults withDestroyFailingOnce(String name) {
        return new SimulatedFaults(createFails, plus(destroyFailsOnce, name), vanishes);
    }

    /** These faults plus: {@code name} vanishes instead of shutting down. */
    public SimulatedFaults withVanishing(String name) {
        return new SimulatedFaults(createFails, destroyFailsOnce, plus(vanishes, name));
    }

    private static Set<String> plus(Set<String> set, String name) {
        HashSet<String> s = new HashSet<>(set);
        s.add(name);
        return s;
    }
}
