package org.xtfharness.osstest;

import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Tells an osstest step what happens, one line per event, in a form Perl reads with a regular
 * expression and no JSON library (see {@link OsstestEvents} and {@code osstest-adapter/README.md}).
 *
 * <p>Every line is flushed as it is written, so the step can start and finish substeps while the
 * run goes on. An instance that started and had not finished when the run ended (an interrupted
 * run) gets a {@code finish} line with osstest's status for an unfinished instance, so the step
 * never leaves a substep running.
 *
 * <p>An instance an interrupted run never started gets a {@code notice} ({@link #NOT_RUN_NOTICE})
 * and nothing else: there is no substep to finish, but the step can name what it never reached.
 *
 * <p>An instance the host cannot run gets a {@code finish} line and no {@code start}: it never
 * started, and the step leaves it out as {@code xtf-runner --host} does, rather than record a pass.
 */
public final class OsstestEventStream implements RunListener {

    /**
     * The text of the {@code notice} an interrupted run gives each instance it never started (after
     * the {@code finish} lines of those it cut short, before {@code run-end}): the step names them.
     */
    public static final String NOT_RUN_NOTICE = "not run: the run ended before it started";

    private final Writer out;
    private final OsstestConventions conventions;
    private final Set<String> hostUnsupported;
    /** Instances whose latest attempt started and has not finished, with that attempt. */
    private final Map<String, Integer> running = new LinkedHashMap<>();

    /**
     * @param out where lines go; flushed after each line, never closed
     * @param conventions how outcomes become osstest statuses
     * @param hostUnsupported the instances the host cannot run: a finish line only, no start
     */
    public OsstestEventStream(Writer out, OsstestConventions conventions, Collection<String> hostUnsupported) {
        this.out = Objects.requireNonNull(out, "out");
        this.conventions = Objects.requireNonNull(conventions, "conventions");
        this.hostUnsupported = Set.copyOf(hostUnsupported);
    }

    /** An event stream with {@link OsstestConventions#defaults()}. */
    public static OsstestEventStream to(Writer out) {
        return to(out, Set.of());
    }

    /** An event stream with {@link OsstestConventions#defaults()}, for a host that cannot run some instances. */
    public static OsstestEventStream to(Writer out, Collection<String> hostUnsupported) {
        return new OsstestEventStream(out, OsstestConventions.defaults(), hostUnsupported);
    }

    @Override
    public void runStarted(RunPlan plan) {
        emit(OsstestEvents.lineWithText(
                "run-start", plan.host(), Integer.toString(plan.instances().size()), Integer.toString(plan.jobs())));
    }

    @Override
    public void instanceStarted(TestInstance instance, int attempt) {
        if (hostUnsupported.contains(instance.name())) {
            return;
        }
        running.put(instance.name(), attempt);
        emit(OsstestEvents.line("start", OsstestConventions.substep(instance.name()), Integer.toString(attempt)));
    }

    @Override
    public void notice(String instance, String message) {
        String who = DomainNames.isValid(instance) ? OsstestConventions.substep(instance) : OsstestEvents.NONE;
        emit(OsstestEvents.lineWithText("notice", message == null ? "" : message, who));
    }

    @Override
    public void instanceFinished(TestResult result) {
        running.remove(result.instance());
        Outcome o = result.outcome();
        emit(OsstestEvents.lineWithText(
                "finish",
                o.reason(),
                OsstestConventions.substep(result.instance()),
                conventions.status(o).word(),
                o.verdict().name(),
                o.cause().name(),
                Integer.toString(result.attempt())));
    }

    @Override
    public void runFinished(RunSummary summary) {
        String status = conventions.statusOfUnfinished().word();
        for (Map.Entry<String, Integer> e : running.entrySet()) {
            emit(OsstestEvents.lineWithText(
                    "finish",
                    "the run ended before this instance finished",
                    OsstestConventions.substep(e.getKey()),
                    status,
                    OsstestEvents.NONE,
                    Cause.INTERRUPTED.name(),
                    Integer.toString(e.getValue())));
        }
        // Never started: no substep to finish, but the step must be able to say what was never reached.
        for (String name : summary.notRun()) {
            if (!running.containsKey(name) && !hostUnsupported.contains(name) && DomainNames.isValid(name)) {
                emit(OsstestEvents.lineWithText("notice", NOT_RUN_NOTICE, OsstestConventions.substep(name)));
            }
        }
        running.clear();
        emit(OsstestEvents.line(
                "run-end", Integer.toString(summary.exitCode()), summary.interrupted() ? "interrupted" : "complete"));
    }

    private void emit(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the osstest event stream: " + e.getMessage(), e);
        }
    }
}
