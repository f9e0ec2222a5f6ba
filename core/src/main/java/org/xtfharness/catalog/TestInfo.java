package org.xtfharness.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One test's {@code info.json}.
 *
 * @param name the test's name (its directory under {@code tests/})
 * @param category its category
 * @param environments the environments it is built for
 * @param variations its variations, possibly none
 */
public record TestInfo(String name, Category category, List<Environment> environments, List<String> variations) {

    public TestInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        environments = List.copyOf(environments);
        variations = List.copyOf(variations);
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("test " + name + " names no environments");
        }
    }
}
