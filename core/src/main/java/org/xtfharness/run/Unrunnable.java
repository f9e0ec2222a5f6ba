package org.xtfharness.run;

import java.util.Objects;
import org.xtfharness.catalog.TestInstance;

/**
 * A selected instance the host cannot run, reported as SKIP without being started.
 *
 * @param instance the instance
 * @param reason why, naming the missing capability
 */
public record Unrunnable(TestInstance instance, String reason) {

    public Unrunnable {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reason, "reason");
    }
}
