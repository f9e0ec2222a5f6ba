package org.xtfharness.catalog;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.domain.DomainNames;

/**
 * One runnable instance of a test: one environment, at most one variation, one cfg file. Its
 * name is also its domain's name: {@code test-<env>-<name>[~<variation>]}.
 *
 * @param test the test
 * @param environment the environment
 * @param variation the variation, if any
 * @param cfgPath the cfg file's path on the Xen host
 * @param timeout how long the guest may run before it counts as hung (before any scaling)
 */
public record TestInstance(
        TestInfo test, Environment environment, Optional<String> variation, String cfgPath, Duration timeout) {

    /** xtf-runner gives a test no timeout at all; ours fits XTF's sub-second tests with room to spare. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The longest timeout: a week is no test's, and a longer one would overflow deadline arithmetic once scaled. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    public TestInstance {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(variation, "variation");
        Objects.requireNonNull(cfgPath, "cfgPath");
        Objects.requireNonNull(timeout, "timeout");
        if (!test.environments().contains(environment)) {
            throw new IllegalArgumentException("test " + test.name() + " is not built for " + environment.id());
        }
        variation.ifPresent(v -> {
            if (!test.variations().contains(v)) {
                throw new IllegalArgumentException("test " + test.name() + " has no variation " + v);
            }
        });
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT.toDays()
                    + " days for " + test.name() + ", not " + timeout.toSeconds() + " s");
        }
        DomainNames.requireValid(nameOf(test.name(), environment, variation));
    }

    /** The instance name, which is also the domain name. */
    public String name() {
        return nameOf(test.name(), environment, variation);
    }

    public static String nameOf(String test, Environment env, Optional<String> variation) {
        return "test-" + env.id() + "-" + test + variation.map(v -> "~" + v).orElse("");
    }

    /** The same instance with another timeout. */
    public TestInstance withTimeout(Duration newTimeout) {
        return new TestInstance(test, environment, variation, cfgPath, newTimeout);
    }
}
