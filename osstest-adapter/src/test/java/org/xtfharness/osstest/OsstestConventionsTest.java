package org.xtfharness.osstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

class OsstestConventionsTest {

    private final OsstestConventions conventions = OsstestConventions.defaults();

    @Test
    void passesSuccessAndSkipAndFailsEveryOtherGuestVerdict() {
        assertThat(conventions.status(Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "ok")))
                .isEqualTo(OsstestStatus.PASS);
        assertThat(conventions.status(Outcome.of(Verdict.SKIP, Cause.GUEST_REPORTED, "n/a")))
                .isEqualTo(OsstestStatus.PASS);
        assertThat(conventions.status(Outcome.of(Verdict.SKIP, Cause.HOST_UNSUPPORTED, "no hvm")))
                .isEqualTo(OsstestStatus.PASS);
        assertThat(conventions.status(Outcome.of(Verdict.ERROR, Cause.GUEST_REPORTED, "e")))
                .isEqualTo(OsstestStatus.FAIL);
        assertThat(conventions.status(Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "f")))
                .isEqualTo(OsstestStatus.FAIL);
        assertThat(conventions.status(Outcome.of(Verdict.CRASH, Cause.DOMAIN_CRASHED, "c")))
                .isEqualTo(OsstestStatus.FAIL);
        assertThat(conventions.status(Outcome.of(Verdict.CRASH, Cause.TIMED_OUT, "hang")))
                .isEqualTo(OsstestStatus.FAIL);
    }

    @Test
    void reportsFailuresOfTheHarnessAsBrokenAndAnInterruptionAsAborted() {
        assertThat(conventions.status(Outcome.infrastructure("xl create failed")))
                .isEqualTo(OsstestStatus.BROKEN);
        assertThat(conventions.status(Outcome.of(Verdict.ERROR, Cause.CONFIGURATION, "no cfg")))
                .isEqualTo(OsstestStatus.BROKEN);
        // Every end is preserved, so a guest cannot make its own domain vanish: something else destroyed it.
        assertThat(conventions.status(Outcome.of(Verdict.ERROR, Cause.VANISHED, "gone")))
                .isEqualTo(OsstestStatus.BROKEN);
        assertThat(conventions.status(Outcome.of(Verdict.ERROR, Cause.INTERRUPTED, "signal")))
                .isEqualTo(OsstestStatus.ABORTED);
        assertThat(conventions.statusOfUnfinished()).isEqualTo(OsstestStatus.ABORTED);
    }

    @Test
    void canReportHarnessFailuresAsPlainFailures() {
        OsstestConventions strict = conventions.withCause(Cause.INFRASTRUCTURE, Optional.empty());

        assertThat(strict.status(Outcome.infrastructure("xl create failed"))).isEqualTo(OsstestStatus.FAIL);
    }

    @Test
    void canFailSkips() {
        OsstestConventions strict = conventions.withVerdict(Verdict.SKIP, OsstestStatus.FAIL);

        assertThat(strict.status(Outcome.of(Verdict.SKIP, Cause.GUEST_REPORTED, "n/a")))
                .isEqualTo(OsstestStatus.FAIL);
    }

    @Test
    void refusesToPassAnyVerdictButSuccessAndSkip() {
        assertThatThrownBy(() -> conventions.withVerdict(Verdict.FAILURE, OsstestStatus.PASS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAILURE cannot be osstest's pass");
        assertThatThrownBy(() -> conventions.withCause(Cause.TIMED_OUT, Optional.of(OsstestStatus.PASS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TIMED_OUT");
    }

    @Test
    void refusesAMappingThatLeavesAVerdictOut() {
        assertThatThrownBy(() -> new OsstestConventions(Map.of(Verdict.SUCCESS, OsstestStatus.PASS), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no osstest status for verdict");
    }

    @Test
    void namesSubstepsAsOsstestsXtfStepDoes() {
        assertThat(OsstestConventions.substep("test-hvm64-lbr-tsx-vmentry"))
                .isEqualTo("xtf/test-hvm64-lbr-tsx-vmentry");
        assertThat(OsstestConventions.substep("test-pv64-fpu~exn")).isEqualTo("xtf/test-pv64-fpu~exn");
        assertThat(OsstestConventions.instanceOf("xtf/test-pv64-example")).contains("test-pv64-example");
        assertThat(OsstestConventions.instanceOf("ts-xen-install")).isEmpty();
        assertThat(OsstestConventions.instanceOf("xtf/../etc")).isEmpty();
        assertThatThrownBy(() -> OsstestConventions.substep("test pv64")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsExitStatusesZeroAndThreeAsPass() {
        assertThat(OsstestConventions.statusForExit(0)).isEqualTo(OsstestStatus.PASS);
        assertThat(OsstestConventions.statusForExit(3)).isEqualTo(OsstestStatus.PASS);
        for (int exit : new int[] {1, 2, 4, 5, 6, 255}) {
            assertThat(OsstestConventions.statusForExit(exit))
                    .as("exit %d", exit)
                    .isEqualTo(OsstestStatus.FAIL);
        }
    }

    @Test
    void describesOsstestsDebianHostLayout() {
        OsstestHostLayout layout = OsstestConventions.hostLayout();

        assertThat(layout.xencommonsPath()).isEqualTo("/etc/default/xencommons");
        assertThat(layout.xenconsoledArgsSetting()).isEqualTo("XENCONSOLED_ARGS=\"--log=guest --timestamp=all\"");
        assertThat(layout.requiredXenconsoledOptions()).containsExactly("--log=guest", "--timestamp=all");
        assertThat(layout.overridingVariable()).isEqualTo("XENCONSOLED_TRACE");
        assertThat(layout.guestLogGlob()).isEqualTo("/var/log/xen/console/*");
        assertThat(layout.captureCommands()).contains(List.of("xenstore-ls", "-fp"));
        assertThat(OsstestConventions.hostFilesToCapture(List.of("test-pv64-example")))
                .containsExactly("/var/log/xen/console/guest-test-pv64-example.log");
    }

    @Test
    void readsOsstestsStatusWords() {
        for (OsstestStatus s : OsstestStatus.values()) {
            assertThat(OsstestStatus.fromWord(s.word())).contains(s);
        }
        assertThat(OsstestStatus.fromWord("PASS")).isEmpty();
    }
}
