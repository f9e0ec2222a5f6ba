package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.console.LogLayout;
import org.xtfharness.host.XenHost;

/** The doctor's findings on the shipped fixture hosts; run locally and over ssh by the subclasses. */
abstract class DoctorFixtureContract {

    /** The host the fixture trees are read through. */
    abstract XenHost host();

    static String fixture(String name) {
        try {
            return Path.of(DoctorFixtureContract.class
                            .getResource("/doctor/" + name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static DoctorOptions.Builder optionsFor(String name) {
        String root = fixture(name);
        return DoctorOptions.builder()
                .root(root)
                .xlCommand(List.of("sh", root + "/usr/sbin/xl"))
                .xenstoreReadCommand(List.of("sh", root + "/usr/bin/xenstore-read"))
                .domain("test-pv64-example")
                .minFreeKib(1);
    }

    DoctorReport inspect(String name) {
        return Doctor.inspect(host(), optionsFor(name).build());
    }

    static List<String> codes(DoctorReport r, Severity s) {
        return r.withSeverity(s).stream().map(Finding::code).toList();
    }

    @Test
    void aDebianOsstestHostWillCaptureConsoles() {
        DoctorReport r = inspect("debian-osstest");

        assertThat(r.consoleCaptureWillWork()).as(r.toHuman()).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(codes(r, Severity.ERROR)).isEmpty();
        assertThat(codes(r, Severity.WARNING)).isEmpty();
        assertThat(codes(r, Severity.OK))
                .containsExactly(
                        "XENCONSOLED_RUNNING",
                        "GUEST_LOGGING",
                        "TIMESTAMPS",
                        "CONFIG_APPLIED",
                        "LOG_DIR",
                        "START_NOTIFY_FD",
                        "XENCONSOLE",
                        "CONSOLE_TTY");
        assertThat(r.find("XENCONSOLED_RUNNING").orElseThrow().message())
                .contains("pid 1234")
                .contains("--log=guest --timestamp=all");
        assertThat(r.find("GUEST_LOGGING").orElseThrow().message()).contains("/var/log/xen/console/guest-<name>.log");
        assertThat(r.find("XENCONSOLE").orElseThrow().message())
                .isEqualTo("xenconsole is /usr/lib/xen-4.17/bin/xenconsole (Debian's versioned directory)");
        assertThat(r.find("XEN_VERSION").orElseThrow().message()).contains("Xen 4.17.4-pre");
        assertThat(r.find("CONSOLE_TTY").orElseThrow().message()).contains("/local/domain/5/console/tty = /dev/pts/3");
        assertThat(r.find("INIT_SYSTEM").orElseThrow().message()).contains("SysV");
    }

    @Test
    void anOsstestHostWhoseXencommonsSetsOnlyXenconsoledTraceLogsGuests() {
        DoctorReport r = inspect("debian-osstest-trace");

        assertThat(r.consoleCaptureWillWork()).as(r.toHuman()).isTrue();
        assertThat(r.find("GUEST_LOGGING")).isPresent();
        assertThat(r.find("CONFIG_APPLIED")).as(r.toHuman()).isPresent();
        assertThat(codes(r, Severity.WARNING)).containsExactly("NO_TIMESTAMPS");
        assertThat(r.find("NO_TIMESTAMPS").orElseThrow().remedy())
                .startsWith("delete line 2 of /etc/default/xencommons (XENCONSOLED_TRACE=guest");
    }

    @Test
    void aMisconfiguredDebianHostNamesEachProblemAndItsLine() {
        DoctorReport r = inspect("debian-misconfigured");

        assertThat(r.consoleCaptureWillWork()).isFalse();
        assertThat(r.exitCode()).isNotZero();
        assertThat(codes(r, Severity.ERROR)).containsExactly("GUEST_LOGGING_OFF", "LOG_DIR_MISSING");
        assertThat(codes(r, Severity.WARNING))
                .containsExactly("TRACE_REPLACES_ARGS", "NO_TIMESTAMPS", "CONFIG_NOT_APPLIED");

        Finding trace = r.find("TRACE_REPLACES_ARGS").orElseThrow();
        assertThat(trace.message())
                .contains("line 2 of /etc/default/xencommons")
                .contains("line 3")
                .contains("ignored");
        assertThat(trace.remedy()).startsWith("delete line 2 of /etc/default/xencommons (XENCONSOLED_TRACE=guest)");

        // The file already asks for guest logging: what is missing is a restart.
        assertThat(r.find("GUEST_LOGGING_OFF").orElseThrow().remedy()).contains("/etc/init.d/xencommons restart");
        // Timestamps are lost to TRACE, so a restart alone would not bring them: the remedy edits the file.
        assertThat(r.find("NO_TIMESTAMPS").orElseThrow().remedy())
                .startsWith("delete line 2 of /etc/default/xencommons");
        assertThat(r.find("CONFIG_NOT_APPLIED").orElseThrow().message())
                .contains("guest logging on")
                .contains("guest logging off");
        assertThat(r.find("LOG_DIR_MISSING").orElseThrow().remedy()).contains("mkdir -p /var/log/xen/console");
    }

    @Test
    void aXenServerXenRtHostWillCaptureConsolesInVarLogXen() {
        DoctorReport r = inspect("xenserver-xenrt");

        assertThat(r.consoleCaptureWillWork()).as(r.toHuman()).isTrue();
        assertThat(codes(r, Severity.WARNING)).as(r.toHuman()).isEmpty();
        assertThat(r.find("INIT_SYSTEM").orElseThrow().message()).contains("systemd");
        assertThat(r.find("CONFIG_FILE").orElseThrow().message()).startsWith("/etc/sysconfig/xencommons");
        assertThat(r.find("TRACE_AND_ARGS")).isPresent();
        assertThat(r.find("LOG_DIR").orElseThrow().message()).startsWith("/var/log/xen exists");
        assertThat(r.find("GUEST_LOGGING").orElseThrow().message()).contains("/var/log/xen/guest-<name>.log");
        assertThat(r.find("XENCONSOLE").orElseThrow().message())
                .startsWith("xenconsole is /usr/libexec/xen/bin/xenconsole (");
        assertThat(r.find("CONFIG_APPLIED")).isPresent();
    }

    @Test
    void aMisconfiguredXenServerHostNeedsARestartAndMore() {
        DoctorReport r = inspect("xenserver-misconfigured");

        assertThat(r.consoleCaptureWillWork()).isFalse();
        assertThat(codes(r, Severity.ERROR)).containsExactly("GUEST_LOGGING_OFF");
        assertThat(codes(r, Severity.WARNING))
                .containsExactly(
                        "NO_TIMESTAMPS",
                        "CONFIG_NOT_APPLIED",
                        "NO_START_NOTIFY_FD",
                        "XENCONSOLE_MISSING",
                        "CONSOLE_TTY_MISSING");
        assertThat(r.find("GUEST_LOGGING_OFF").orElseThrow().remedy())
                .contains("systemctl restart xenconsoled")
                .contains("/etc/sysconfig/xencommons");
        assertThat(r.find("NO_START_NOTIFY_FD").orElseThrow().message()).contains("Xen 4.7");
        assertThat(r.find("CONSOLE_TTY_MISSING").orElseThrow().message()).contains("/local/domain/5/console/tty");
    }

    @Test
    void lowFreeSpaceInTheLogDirectoryWarns() {
        DoctorReport r = Doctor.inspect(
                host(),
                optionsFor("debian-osstest").minFreeKib(Long.MAX_VALUE / 2).build());

        assertThat(r.find("LOG_DIR_LOW_SPACE").orElseThrow().remedy()).contains("/var/log/xen/console");
        assertThat(r.consoleCaptureWillWork()).isTrue();
    }

    @Test
    void aDomainThatIsNotRunningIsReportedNotFatal() {
        DoctorReport r = Doctor.inspect(
                host(), optionsFor("debian-osstest").domain("test-pv64-missing").build());

        assertThat(r.find("DOMAIN_NOT_RUNNING").orElseThrow().message()).contains("test-pv64-missing");
        assertThat(r.consoleCaptureWillWork()).isTrue();
    }

    @Test
    void theJsonReportCarriesTheVerdictAndEveryFinding() throws Exception {
        DoctorReport r = inspect("debian-misconfigured");

        JsonNode json = new ObjectMapper().readTree(r.toJson());

        assertThat(json.get("target").asText()).isEqualTo(host().target());
        assertThat(json.get("consoleCaptureWillWork").asBoolean()).isFalse();
        assertThat(json.get("findings")).hasSize(r.findings().size());
        assertThat(json.get("findings").get(0).get("severity").asText())
                .isEqualTo(r.findings().get(0).severity().name());
    }

    @Test
    void theHumanReportShowsEachRemedyAndTheVerdict() {
        String text = inspect("debian-misconfigured").toHuman();

        assertThat(text)
                .contains("ERROR   GUEST_LOGGING_OFF:")
                .contains("        fix: ")
                .contains("Console capture will NOT work (2 error(s), 3 warning(s))");
    }

    @Test
    void aLogDirectoryOtherThanTheOneXenconsoledWritesIsAnError() {
        DoctorReport r = Doctor.inspect(
                host(),
                optionsFor("xenserver-xenrt")
                        .logLayout(new LogLayout("/var/log/xen/console", "guest-%s.log"))
                        .build());

        assertThat(codes(r, Severity.ERROR)).containsExactly("LOG_DIR_MISMATCH");
        assertThat(r.find("LOG_DIR_MISMATCH").orElseThrow().message())
                .contains("writes guest logs to /var/log/xen,")
                .contains("reads them from /var/log/xen/console");
        assertThat(r.find("LOG_DIR_MISMATCH").orElseThrow().remedy()).startsWith("pass --log-dir /var/log/xen");
    }

    @Test
    void theLogDirectoryXenconsoledWritesAndItsOwnNamesAreAccepted() {
        DoctorReport r = Doctor.inspect(
                host(),
                optionsFor("xenserver-xenrt")
                        .logLayout(new LogLayout("/var/log/xen/", "guest-%s.log"))
                        .build());

        assertThat(r.consoleCaptureWillWork()).as(r.toHuman()).isTrue();
        assertThat(r.find("LOG_DIR_MISMATCH")).isEmpty();
        assertThat(r.find("LOG_PATTERN_UNUSUAL")).isEmpty();
    }

    @Test
    void aLogPatternXenconsoledDoesNotWriteWarns() {
        DoctorReport r = Doctor.inspect(
                host(),
                optionsFor("debian-osstest")
                        .logLayout(new LogLayout("/var/log/xen/console", "%s.log"))
                        .build());

        assertThat(codes(r, Severity.WARNING)).containsExactly("LOG_PATTERN_UNUSUAL");
        assertThat(r.find("LOG_PATTERN_UNUSUAL").orElseThrow().message())
                .contains("guest-<name>.log")
                .contains("looks for <name>.log");
    }
}
