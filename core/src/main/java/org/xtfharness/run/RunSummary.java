package org.xtfharness.run;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.result.Verdict;

/**
 * How a run ended.
 *
 * @param plan what was planned
 * @param results the final result of each instance that finished, in plan order
 * @param notRun instances that were selected but not finished because the run was interrupted
 * @param duration the run's wall-clock time
 * @param interruption what stopped the run early, if anything did: a signal or an abort
 * @param assessments per instance name, how its result stands against a baseline, an earlier run
 *     and retries; empty when none of those was asked for. May name instances that are not in
 *     this run ({@link Assessment.Change#GONE}).
 * @param exitPolicy which results decide {@link #exitCode()}
 * @param runnerFailures what went wrong with the runner itself (a worker that died, a report that
 *     could not be written): any makes the exit code {@link #RUNNER_ERROR_EXIT}, in every report
 */
public record RunSummary(
        RunPlan plan,
        List<TestResult> results,
        List<String> notRun,
        Duration duration,
        Optional<Interruption> interruption,
        Map<String, Assessment> assessments,
        ExitPolicy exitPolicy,
        List<String> runnerFailures) {

    /** Exit code for usage errors and failures of the runner itself. */
    public static final int RUNNER_ERROR_EXIT = 1;

    public RunSummary {
        Objects.requireNonNull(plan, "plan");
        results = List.copyOf(results);
        notRun = List.copyOf(notRun);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(interruption, "interruption");
        assessments = Map.copyOf(assessments);
        Objects.requireNonNull(exitPolicy, "exitPolicy");
        runnerFailures = List.copyOf(runnerFailures);
    }

    /** A summary of a run whose runner did not fail. */
    public RunSummary(
            RunPlan plan,
            List<TestResult> results,
            List<String> notRun,
            Duration duration,
            Optional<Interruption> interruption,
            Map<String, Assessment> assessments,
            ExitPolicy exitPolicy) {
        this(plan, results, notRun, duration, interruption, assessments, exitPolicy, List.of());
    }

    /** A summary with these assessments and xtf-runner's exit policy; an interrupted one was aborted. */
    public RunSummary(
            RunPlan plan,
            List<TestResult> results,
            List<String> notRun,
            Duration duration,
            boolean interrupted,
            Map<String, Assessment> assessments) {
        this(
                plan,
                results,
                notRun,
                duration,
                interrupted ? Optional.of(Interruption.aborted("aborted")) : Optional.empty(),
                assessments,
                ExitPolicy.worstVerdict());
    }

    /** A summary with no assessments. */
    public RunSummary(
            RunPlan plan, List<TestResult> results, List<String> notRun, Duration duration, boolean interrupted) {
        this(plan, results, notRun, duration, interrupted, Map.of());
    }

    /** The same summary with these assessments. */
    public RunSummary withAssessments(Map<String, Assessment> a) {
        return new RunSummary(plan, results, notRun, duration, interruption, a, exitPolicy, runnerFailures);
    }

    /** The same summary with this exit policy. */
    public RunSummary withExitPolicy(ExitPolicy p) {
        return new RunSummary(plan, results, notRun, duration, interruption, assessments, p, runnerFailures);
    }

    /** The same summary with these failures of the runner: its exit code is then {@link #RUNNER_ERROR_EXIT}. */
    public RunSummary withRunnerFailures(List<String> failures) {
        return new RunSummary(plan, results, notRun, duration, interruption, assessments, exitPolicy, failures);
    }

    /** True when the runner itself failed (see {@link #runnerFailures()}). */
    public boolean runnerFailed() {
        return !runnerFailures.isEmpty();
    }

    /** True when a signal or an abort stopped the run early. */
    public boolean interrupted() {
        return interruption.isPresent();
    }

    /** How the instance's result stands, when anything was assessed for it. */
    public Optional<Assessment> assessment(String instance) {
        return Optional.ofNullable(assessments.get(instance));
    }

    /** The most severe verdict; SUCCESS for an empty run. */
    public Verdict worst() {
        return results.stream().map(TestResult::verdict).reduce(Verdict.SUCCESS, Verdict::worst);
    }

    /**
     * xtf-runner's exit code for the worst verdict among the results that count under
     * {@link #exitPolicy()} (all of them by default); the interruption's own for an interrupted run;
     * {@link #RUNNER_ERROR_EXIT} when the runner itself failed.
     */
    public int exitCode() {
        return interruption
                .map(Interruption::exitCode)
                .orElseGet(() ->
                        runnerFailed() ? RUNNER_ERROR_EXIT : worstCounted().exitCode());
    }

    /** The most severe verdict among the results that count towards the exit code. */
    public Verdict worstCounted() {
        return results.stream()
                .filter(r -> exitPolicy.counts(r, assessment(r.instance())))
                .map(TestResult::verdict)
                .reduce(Verdict.SUCCESS, Verdict::worst);
    }

    /** How many results have a verdict that a baseline tolerates. */
    public long toleratedCount() {
        return results.stream()
                .filter(r -> r.verdict() != Verdict.SUCCESS
                        && assessment(r.instance())
                                .flatMap(Assessment::toleratedBecause)
                                .isPresent())
                .count();
    }

    /** How many assessments have each change, every change present (zero where none). */
    public Map<Assessment.Change, Integer> changeCounts() {
        Map<Assessment.Change, Integer> m = new EnumMap<>(Assessment.Change.class);
        for (Assessment.Change c : Assessment.Change.values()) {
            m.put(c, 0);
        }
        assessments.values().forEach(a -> a.change().ifPresent(c -> m.merge(c, 1, Integer::sum)));
        return m;
    }

    /** How many results have each verdict, every verdict present (zero where none). */
    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0);
        }
        results.forEach(r -> m.merge(r.verdict(), 1, Integer::sum));
        return m;
    }
}
