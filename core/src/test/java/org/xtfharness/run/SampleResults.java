package org.xtfharness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInfo;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

/** Hand-built results for report and journal tests: every verdict, and console bytes that break naive writers. */
public final class SampleResults {

    public static final Instant START = Instant.parse("2024-05-01T10:00:00.123456789Z");

    /** Control characters, U+FFFE, U+FFFF, a lone high and a lone low surrogate, markup, and non-ASCII. */
    public static final String NASTY = "bell\u0007 nul\u0000 esc\u001b[0m fffe\uFFFE ffff\uFFFF hi\uD800 lo\uDC00 "
            + "<b>&amp;</b> ]]> \"quoted\" caf\u00e9 \uD83D\uDE00";

    private SampleResults() {}

    public static TestInstance instance(String name, Environment env) {
        TestInfo info = new TestInfo(name, Category.FUNCTIONAL, List.of(env), List.of());
        return new TestInstance(
                info,
                env,
                Optional.empty(),
                "/xtf/tests/" + name + "/test-" + env.id() + "-" + name + ".cfg",
                TestInstance.DEFAULT_TIMEOUT);
    }

    public static TestResult result(String instance, Outcome outcome, Evidence evidence) {
        return new TestResult(instance, outcome, START.plusSeconds(1), Duration.ofMillis(1250), 1, evidence);
    }

    public static Evidence evidence(List<String> console, List<String> notes) {
        return new Evidence(
                console,
                "/var/log/xen/console/guest-x.log",
                Optional.of(ConsoleCapture.Location.FROM_MARK),
                1234,
                Optional.of("---sc-"),
                Optional.of("[{\"domid\": 7}]"),
                Optional.of("(XEN) d7v0 triple fault"),
                notes);
    }

    /** One result of every verdict and every kind of cause reports tell apart, in instance order. */
    public static List<TestResult> everyVerdict() {
        return List.of(
                result(
                        "test-pv64-success",
                        new Outcome(Verdict.SUCCESS, Cause.GUEST_REPORTED, "guest reported SUCCESS", List.of(), false),
                        evidence(List.of("--- Xen Test Framework ---", "Test result: SUCCESS"), List.of())),
                result(
                        "test-pv64-warned",
                        new Outcome(
                                Verdict.SUCCESS,
                                Cause.GUEST_REPORTED,
                                "guest reported SUCCESS with warnings",
                                List.of(),
                                true),
                        Evidence.none(List.of())),
                result(
                        "test-pv32pae-skip",
                        Outcome.of(
                                Verdict.SKIP,
                                Cause.HOST_UNSUPPORTED,
                                "host cannot run pv32pae: xen_caps lacks xen-3.0-x86_32p"),
                        Evidence.none(List.of())),
                result(
                        "test-hvm64-error",
                        new Outcome(
                                Verdict.ERROR,
                                Cause.GUEST_REPORTED,
                                "Error: unexpected #GP",
                                List.of("Error: unexpected #GP"),
                                false),
                        evidence(List.of("Error: unexpected #GP", "Test result: ERROR"), List.of())),
                result(
                        "test-hvm64-failure",
                        new Outcome(
                                Verdict.FAILURE,
                                Cause.GUEST_REPORTED,
                                "Fail: " + NASTY,
                                List.of("Fail: " + NASTY),
                                false),
                        evidence(List.of(NASTY, "Test result: FAILURE"), List.of(NASTY))),
                result(
                        "test-hvm32-crash",
                        new Outcome(
                                Verdict.CRASH,
                                Cause.DOMAIN_CRASHED,
                                "guest panicked: Unhandled exception after printing 'SUCCESS'",
                                List.of("PANIC: Unhandled exception"),
                                false),
                        evidence(List.of("Test result: SUCCESS", "PANIC: Unhandled exception"), List.of())),
                result(
                        "test-hvm32pae-hang",
                        new Outcome(Verdict.CRASH, Cause.TIMED_OUT, "timed out after 30 s", List.of(), false),
                        evidence(List.of("--- Xen Test Framework ---"), List.of())),
                result(
                        "test-hvm32pse-infra",
                        Outcome.infrastructure("xl create failed: exit 3"),
                        Evidence.none(List.of("retried xl create once"))),
                result(
                        "test-pv64-config",
                        Outcome.of(
                                Verdict.ERROR,
                                Cause.CONFIGURATION,
                                "cfg file /xtf/tests/config/test-pv64-config.cfg is missing"),
                        Evidence.none(List.of())));
    }

    public static RunPlan plan(List<TestResult> results, boolean simulated) {
        return new RunPlan(
                results.stream().map(r -> instanceFor(r.instance())).toList(),
                simulated ? "simulated Xen host (test)" : "ssh://root@xenhost",
                "xenconsoled log",
                1,
                START);
    }

    private static TestInstance instanceFor(String name) {
        String[] parts = name.split("-", 3);
        return instance(parts[2], Environment.fromId(parts[1]).orElseThrow());
    }

    public static RunSummary summary(List<TestResult> results, boolean simulated) {
        return new RunSummary(plan(results, simulated), results, List.of(), Duration.ofMillis(11250), false);
    }
}
