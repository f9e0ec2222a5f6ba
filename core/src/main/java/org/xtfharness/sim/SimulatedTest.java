package org.xtfharness.sim;

import java.util.Objects;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Verdict;

/**
 * One instance of the simulated catalogue: what it is, what its guest does, and the verdict a
 * correct runner must reach for it.
 *
 * @param instance the instance, named and laid out as XTF's ({@code test-<env>-<name>})
 * @param behaviour what the guest does, in a few words for people
 * @param script the guest
 * @param expected the verdict a correct runner reaches
 */
public record SimulatedTest(TestInstance instance, String behaviour, GuestScript script, Verdict expected) {

    public SimulatedTest {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(expected, "expected");
    }

    /** The instance (and domain) name. */
    public String name() {
        return instance.name();
    }
}
