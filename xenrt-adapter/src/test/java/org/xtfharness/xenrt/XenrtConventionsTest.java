package org.xtfharness.xenrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xtfharness.result.Verdict;

class XenrtConventionsTest {

    private final XenrtConventions conventions = XenrtConventions.defaults();

    @Test
    void mapsEachVerdictToItsXenrtResult() {
        assertThat(conventions.result(Verdict.SUCCESS)).isEqualTo(XenrtResult.PASS);
        assertThat(conventions.result(Verdict.SKIP)).isEqualTo(XenrtResult.SKIPPED);
        assertThat(conventions.result(Verdict.FAILURE)).isEqualTo(XenrtResult.FAIL);
        assertThat(conventions.result(Verdict.ERROR)).isEqualTo(XenrtResult.ERROR);
        assertThat(conventions.result(Verdict.CRASH)).isEqualTo(XenrtResult.FAIL);
    }

    @Test
    void aGuestCrashIsTheTestsFailureWhileTheHarnessesOwnErrorsStayXenrtErrors() {
        // XenRT's XRTError is "used for problems which are not a failure of the testcase".
        assertThat(conventions.result(Verdict.CRASH)).isEqualTo(XenrtResult.FAIL);
        assertThat(conventions.result(Verdict.ERROR)).isEqualTo(XenrtResult.ERROR);
    }

    @Test
    void usesXenrtsNumbers() {
        assertThat(XenrtResult.NOTRUN.code()).isZero();
        assertThat(XenrtResult.PASS.code()).isEqualTo(1);
        assertThat(XenrtResult.FAIL.code()).isEqualTo(2);
        assertThat(XenrtResult.PARTIAL.code()).isEqualTo(3);
        assertThat(XenrtResult.ERROR.code()).isEqualTo(4);
        assertThat(XenrtResult.SKIPPED.code()).isEqualTo(5);
        assertThat(XenrtResult.ALLOWED.code()).isEqualTo(6);
    }

    @Test
    void canCountACrashAsAFailureOrASkipAsAnError() {
        assertThat(conventions.withVerdict(Verdict.CRASH, XenrtResult.ERROR).result(Verdict.CRASH))
                .isEqualTo(XenrtResult.ERROR);
        assertThat(conventions.withVerdict(Verdict.SKIP, XenrtResult.ERROR).result(Verdict.SKIP))
                .isEqualTo(XenrtResult.ERROR);
    }

    @Test
    void refusesAMappingThatHidesAFailure() {
        assertThatThrownBy(() -> conventions.withVerdict(Verdict.FAILURE, XenrtResult.PASS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAILURE cannot be XenRT's PASS");
        assertThatThrownBy(() -> conventions.withVerdict(Verdict.CRASH, XenrtResult.ALLOWED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> conventions.withVerdict(Verdict.ERROR, XenrtResult.SKIPPED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> conventions.withVerdict(Verdict.SUCCESS, XenrtResult.NOTRUN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsInstancesByEnvironment() {
        assertThat(conventions.subcase("test-pv64-example")).isEqualTo(new Subcase("pv64", "example"));
        assertThat(conventions.subcase("test-hvm32pae-xsa-186")).isEqualTo(new Subcase("hvm32pae", "xsa-186"));
        assertThat(conventions.subcase("test-hvm32-fpu-exception-emulation~exn"))
                .isEqualTo(new Subcase("hvm32", "fpu-exception-emulation~exn"));
        assertThat(conventions.subcase("test-hvm32pse-selftest")).isEqualTo(new Subcase("hvm32pse", "selftest"));
    }

    @Test
    void keepsANameOutsideXtfsPatternWhole() {
        assertThat(conventions.subcase("test-arm64-example")).isEqualTo(new Subcase("xtf", "test-arm64-example"));
        assertThat(conventions.subcase("custom")).isEqualTo(new Subcase("xtf", "custom"));
        assertThatThrownBy(() -> conventions.subcase("bad name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canPutEveryInstanceInOneGroup() {
        assertThat(conventions.withNaming(XenrtConventions.Naming.FLAT).subcase("test-pv64-example"))
                .isEqualTo(new Subcase("xtf", "test-pv64-example"));
    }

    @Test
    void describesXenServersHostLayout() {
        XenrtHostLayout layout = XenrtConventions.hostLayout();

        assertThat(layout.xencommonsPath()).isEqualTo("/etc/sysconfig/xencommons");
        assertThat(layout.systemdUnit()).isEqualTo("xenconsoled.service");
        assertThat(layout.acceptableTraceValues()).containsExactly("guest", "all");
        assertThat(layout.expectedGuestLogs().pathFor("test-pv64-example"))
                .isEqualTo("/var/log/xen/guest-test-pv64-example.log");
        assertThat(layout.guestLogs()).hasSize(2);
    }

    @Test
    void offersRing0xensHandMadeLoggingSetupAsALastingOneLineRemedy() {
        assertThat(XenrtConventions.hostLayout().guestLoggingRemedy())
                .isEqualTo("set XENCONSOLED_TRACE=guest in /etc/sysconfig/xencommons and run"
                        + " `systemctl restart xenconsoled.service` (XenRT's ring0xen instead starts"
                        + " `xenconsoled --log=all` by hand, which lasts until the next reboot)")
                .doesNotContain("\n");
    }
}
