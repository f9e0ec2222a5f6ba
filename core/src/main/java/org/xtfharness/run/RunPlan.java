package org.xtfharness.run;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.xtfharness.catalog.TestInstance;

/**
 * What a run is about to do.
 *
 * @param instances the selected instances, in order
 * @param host where they run, described ({@code local}, {@code ssh://...}, {@code simulated Xen host (...)})
 * @param console the console source's description
 * @param jobs how many instances run at once
 * @param started when the run started
 */
public record RunPlan(List<TestInstance> instances, String host, String console, int jobs, Instant started) {

    public RunPlan {
        instances = List.copyOf(instances);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(started, "started");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs < 1");
        }
    }
}
