package org.xtfharness.osstest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

/**
 * How xtf-harness results become osstest substeps: the substep name of an instance, the status of
 * an outcome, and what a step leaves behind for osstest's log capture.
 *
 * <p>By default SUCCESS and SKIP are {@code pass} and ERROR, FAILURE and CRASH are {@code fail}, as
 * osstest's own XTF step counts exit statuses 0 and 3 as pass. A failure the harness itself is to
 * blame for ({@link Cause#isHarnessProblem()}) is {@code broken} instead: osstest's word for a test
 * that could not be carried out, which keeps a broken lab apart from a regression in Xen without
 * letting either pass. An interrupted run is {@code aborted}.
 *
 * <p>The mapping is configurable, within one rule: nothing but SUCCESS and SKIP may become
 * {@code pass}. Tolerating a known failure is a decision about one test on one branch, for an
 * explicit list, not for a status table.
 *
 * @param verdicts the status of each verdict (every verdict present)
 * @param causes statuses that replace the verdict's for a non-passing outcome with that cause
 */
public record OsstestConventions(Map<Verdict, OsstestStatus> verdicts, Map<Cause, OsstestStatus> causes) {

    /** Prefix of every XTF substep, as osstest names them: {@code xtf/test-pv64-example}. */
    public static final String SUBSTEP_PREFIX = "xtf/";

    /** Exit status of a passing XTF run in osstest's eyes: SUCCESS. */
    public static final int EXIT_SUCCESS = 0;
    /** The other exit status osstest counts as a pass: SKIP. */
    public static final int EXIT_SKIP = 3;

    /** File names a step leaves in osstest's stash for the job's logs: journal, JUnit, events. */
    public static final List<String> STASH_FILES =
            List.of("xtf-harness-journal.jsonl", "xtf-harness-junit.xml", "xtf-harness-events.log");

    public OsstestConventions {
        EnumMap<Verdict, OsstestStatus> v = new EnumMap<>(Verdict.class);
        v.putAll(Objects.requireNonNull(verdicts, "verdicts"));
        for (Verdict verdict : Verdict.values()) {
            OsstestStatus s = v.get(verdict);
            if (s == null) {
                throw new IllegalArgumentException("no osstest status for verdict " + verdict);
            }
            if (s.isPass() && !verdict.isPass()) {
                throw new IllegalArgumentException("verdict " + verdict + " cannot be osstest's pass: only SUCCESS and "
                        + "SKIP pass; tolerate known failures by name, not by status mapping");
            }
        }
        EnumMap<Cause, OsstestStatus> c = new EnumMap<>(Cause.class);
        c.putAll(Objects.requireNonNull(causes, "causes"));
        c.forEach((cause, s) -> {
            if (s.isPass()) {
                throw new IllegalArgumentException("cause " + cause + " cannot turn a failing outcome into pass");
            }
        });
        verdicts = Map.copyOf(v);
        causes = Map.copyOf(c);
    }

    /** The default mapping, described on the class. */
    public static OsstestConventions defaults() {
        Map<Verdict, OsstestStatus> v = new EnumMap<>(Verdict.class);
        v.put(Verdict.SUCCESS, OsstestStatus.PASS);
        v.put(Verdict.SKIP, OsstestStatus.PASS);
        v.put(Verdict.ERROR, OsstestStatus.FAIL);
        v.put(Verdict.FAILURE, OsstestStatus.FAIL);
        v.put(Verdict.CRASH, OsstestStatus.FAIL);
        Map<Cause, OsstestStatus> c = new EnumMap<>(Cause.class);
        for (Cause cause : Cause.values()) {
            if (cause.isHarnessProblem()) {
                c.put(cause, OsstestStatus.BROKEN);
            }
        }
        c.put(Cause.INTERRUPTED, OsstestStatus.ABORTED);
        return new OsstestConventions(v, c);
    }

    /** The same conventions with one verdict's status changed. */
    public OsstestConventions withVerdict(Verdict verdict, OsstestStatus status) {
        Map<Verdict, OsstestStatus> v = new EnumMap<>(verdicts);
        v.put(verdict, status);
        return new OsstestConventions(v, causes);
    }

    /** The same conventions with a cause's override set, or removed when {@code status} is empty. */
    public OsstestConventions withCause(Cause cause, Optional<OsstestStatus> status) {
        Map<Cause, OsstestStatus> c = new EnumMap<>(Cause.class);
        c.putAll(causes);
        status.ifPresentOrElse(s -> c.put(cause, s), () -> c.remove(cause));
        return new OsstestConventions(verdicts, c);
    }

    /** The substep status of an outcome. */
    public OsstestStatus status(Outcome outcome) {
        if (!outcome.verdict().isPass()) {
            OsstestStatus override = causes.get(outcome.cause());
            if (override != null) {
                return override;
            }
        }
        return verdicts.get(outcome.verdict());
    }

    /** The status of an instance that started but never finished because the run was interrupted. */
    public OsstestStatus statusOfUnfinished() {
        return status(Outcome.of(Verdict.ERROR, Cause.INTERRUPTED, "run interrupted"));
    }

    /** osstest's substep name for an instance: {@code xtf/<instance>}. */
    public static String substep(String instance) {
        return SUBSTEP_PREFIX + DomainNames.requireValid(instance);
    }

    /** The instance a substep name stands for, if it is an XTF substep. */
    public static Optional<String> instanceOf(String substep) {
        if (substep == null || !substep.startsWith(SUBSTEP_PREFIX)) {
            return Optional.empty();
        }
        String name = substep.substring(SUBSTEP_PREFIX.length());
        return DomainNames.isValid(name) ? Optional.of(name) : Optional.empty();
    }

    /** osstest's reading of an XTF exit status: 0 (SUCCESS) and 3 (SKIP) pass, anything else fails. */
    public static OsstestStatus statusForExit(int exitStatus) {
        return exitStatus == EXIT_SUCCESS || exitStatus == EXIT_SKIP ? OsstestStatus.PASS : OsstestStatus.FAIL;
    }

    /** The host layout osstest installs, for a host check to compare against. */
    public static OsstestHostLayout hostLayout() {
        return OsstestHostLayout.DEBIAN;
    }

    /**
     * The files on the host a step's log capture should fetch for these instances: each guest's
     * console log. osstest's own capture fetches the whole log directory; these are the ones that
     * matter for the verdicts.
     */
    public static List<String> hostFilesToCapture(List<String> instances) {
        List<String> out = new ArrayList<>();
        for (String instance : instances) {
            out.add(hostLayout().guestLogs().pathFor(instance));
        }
        return List.copyOf(out);
    }
}
