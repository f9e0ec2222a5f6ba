package org.xtfharness.osstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.TestResult;

class OsstestEventStreamTest {

    private final StringWriter out = new StringWriter();
    private final OsstestEventStream stream = OsstestEventStream.to(out);

    private final TestInstance example = Fixtures.instance("example", Environment.PV64);
    private final TestInstance lbr = Fixtures.instance("lbr-tsx-vmentry", Environment.HVM64);

    private List<String> lines() {
        assertThat(out.toString()).endsWith("\n");
        return List.of(out.toString().split("\n", -1)).subList(0, out.toString().split("\n", -1).length - 1);
    }

    @Test
    void writesOneLinePerEventForACompleteRun() {
        RunPlan plan = Fixtures.plan(List.of(example, lbr), false);
        TestResult pass = Fixtures.result(
                example.name(), Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "guest reported SUCCESS"), 1);
        TestResult broken = Fixtures.result(lbr.name(), Outcome.infrastructure("xl create failed: exit 1"), 1);

        stream.runStarted(plan);
        stream.instanceStarted(example, 1);
        stream.instanceFinished(pass);
        stream.instanceStarted(lbr, 1);
        stream.notice(lbr.name(), "destroyed a stale domain");
        stream.instanceFinished(broken);
        stream.runFinished(Fixtures.summary(plan, List.of(pass, broken), List.of(), false));

        assertThat(lines())
                .containsExactly(
                        "xtf-harness-event 1 run-start 2 1 ssh://root@host",
                        "xtf-harness-event 1 start xtf/test-pv64-example 1",
                        "xtf-harness-event 1 finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 guest reported SUCCESS",
                        "xtf-harness-event 1 start xtf/test-hvm64-lbr-tsx-vmentry 1",
                        "xtf-harness-event 1 notice xtf/test-hvm64-lbr-tsx-vmentry destroyed a stale domain",
                        "xtf-harness-event 1 finish xtf/test-hvm64-lbr-tsx-vmentry broken ERROR INFRASTRUCTURE 1 "
                                + "xl create failed: exit 1",
                        "xtf-harness-event 1 run-end 4 complete");
    }

    @Test
    void anInstanceTheHostCannotRunHasAFinishAndNoStartSoTheStepLeavesItOut() {
        StringWriter w = new StringWriter();
        OsstestEventStream s = OsstestEventStream.to(w, List.of(lbr.name()));
        RunPlan plan = Fixtures.plan(List.of(example, lbr), false);
        TestResult skipped = Fixtures.result(lbr.name(), Outcome.of(Verdict.SKIP, Cause.HOST_UNSUPPORTED, "no hvm"), 1);
        TestResult pass = Fixtures.result(example.name(), Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "ok"), 1);

        s.runStarted(plan);
        // As the runner does: an unrunnable instance is started and finished at once.
        s.instanceStarted(lbr, 1);
        s.instanceFinished(skipped);
        s.instanceStarted(example, 1);
        s.instanceFinished(pass);
        s.runFinished(Fixtures.summary(plan, List.of(skipped, pass), List.of(), false));

        assertThat(w.toString().split("\n"))
                .containsExactly(
                        "xtf-harness-event 1 run-start 2 1 ssh://root@host",
                        "xtf-harness-event 1 finish xtf/test-hvm64-lbr-tsx-vmentry pass SKIP HOST_UNSUPPORTED 1 no hvm",
                        "xtf-harness-event 1 start xtf/test-pv64-example 1",
                        "xtf-harness-event 1 finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
                        "xtf-harness-event 1 run-end 3 complete");
    }

    @Test
    void mapsEveryVerdictToItsOsstestStatus() {
        RunPlan plan = Fixtures.plan(List.of(example), true);
        stream.runStarted(plan);
        stream.instanceFinished(
                Fixtures.result(example.name(), Outcome.of(Verdict.SKIP, Cause.HOST_UNSUPPORTED, "no pv"), 1));
        stream.instanceFinished(
                Fixtures.result(example.name(), Outcome.of(Verdict.ERROR, Cause.GUEST_REPORTED, "e"), 1));
        stream.instanceFinished(
                Fixtures.result(example.name(), Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "f"), 1));
        stream.instanceFinished(
                Fixtures.result(example.name(), Outcome.of(Verdict.CRASH, Cause.DOMAIN_REBOOTED, "r"), 1));

        assertThat(lines())
                .containsExactly(
                        "xtf-harness-event 1 run-start 1 1 simulated Xen host (test)",
                        "xtf-harness-event 1 finish xtf/test-pv64-example pass SKIP HOST_UNSUPPORTED 1 no pv",
                        "xtf-harness-event 1 finish xtf/test-pv64-example fail ERROR GUEST_REPORTED 1 e",
                        "xtf-harness-event 1 finish xtf/test-pv64-example fail FAILURE GUEST_REPORTED 1 f",
                        "xtf-harness-event 1 finish xtf/test-pv64-example fail CRASH DOMAIN_REBOOTED 1 r");
    }

    @Test
    void keepsAHostileNoticeOnOneLine() {
        stream.notice(
                example.name(), "x\nxtf-harness-event 1 finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok");
        stream.notice(null, "about the run\r\n");

        assertThat(lines())
                .containsExactly(
                        "xtf-harness-event 1 notice xtf/test-pv64-example x\\nxtf-harness-event 1 finish "
                                + "xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 1 ok",
                        "xtf-harness-event 1 notice - about the run\\\\x0d\\n");
    }

    @Test
    void finishesAnInstanceTheInterruptedRunLeftRunningAsAbortedAndNamesTheOneItNeverStarted() {
        RunPlan plan = Fixtures.plan(List.of(example, lbr), false);
        stream.runStarted(plan);
        stream.instanceStarted(example, 1);
        stream.runFinished(Fixtures.summary(plan, List.of(), List.of(example.name(), lbr.name()), true));

        assertThat(lines())
                .containsExactly(
                        "xtf-harness-event 1 run-start 2 1 ssh://root@host",
                        "xtf-harness-event 1 start xtf/test-pv64-example 1",
                        "xtf-harness-event 1 finish xtf/test-pv64-example aborted - INTERRUPTED 1 the run ended before this "
                                + "instance finished",
                        "xtf-harness-event 1 notice xtf/test-hvm64-lbr-tsx-vmentry not run: the run ended before it started",
                        "xtf-harness-event 1 run-end 1 interrupted");
    }

    @Test
    void carriesTheAttemptOfARetry() {
        stream.instanceStarted(example, 1);
        stream.instanceFinished(Fixtures.result(example.name(), Outcome.infrastructure("console did not attach"), 1));
        stream.instanceStarted(example, 2);
        stream.instanceFinished(
                Fixtures.result(example.name(), Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "ok"), 2));

        assertThat(lines())
                .containsExactly(
                        "xtf-harness-event 1 start xtf/test-pv64-example 1",
                        "xtf-harness-event 1 finish xtf/test-pv64-example broken ERROR INFRASTRUCTURE 1 console did not attach",
                        "xtf-harness-event 1 start xtf/test-pv64-example 2",
                        "xtf-harness-event 1 finish xtf/test-pv64-example pass SUCCESS GUEST_REPORTED 2 ok");
    }
}
