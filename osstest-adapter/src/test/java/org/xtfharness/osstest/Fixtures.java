package org.xtfharness.osstest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Outcome;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/** Hand-built values for the adapter's tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private Fixtures() {}

    static TestInstance instance(String test, Environment env) {
        return new TestInstance(
                new TestInfo(test, Category.FUNCTIONAL, List.of(env), List.of()),
                env,
                Optional.empty(),
                "/usr/local/lib/xtf/tests/" + test + "/test-" + env.id() + "-" + test + ".cfg",
                TestInstance.DEFAULT_TIMEOUT);
    }

    static TestResult result(String instance, Outcome outcome, int attempt) {
        return new TestResult(instance, outcome, T0, Duration.ofMillis(800), attempt, Evidence.none(List.of()));
    }

    static RunPlan plan(List<TestInstance> instances, boolean simulated) {
        return new RunPlan(
                instances, simulated ? "simulated Xen host (test)" : "ssh://root@host", "xenconsoled log", 1, T0);
    }

    static RunSummary summary(RunPlan plan, List<TestResult> results, List<String> notRun, boolean interrupted) {
        return new RunSummary(plan, results, notRun, Duration.ofSeconds(4), interrupted);
    }
}
