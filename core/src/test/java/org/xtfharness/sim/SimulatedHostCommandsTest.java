package org.xtfharness.sim;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.Environment;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.console.XenconsoleLocator;
import org.xtfharness.doctor.Doctor;
import org.xtfharness.doctor.DoctorOptions;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.doctor.Severity;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.domain.XlListParser;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.RunLock;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.time.TimeSource;

/** The simulated host at the {@code XenHost} boundary: the commands and files the real code uses. */
class SimulatedHostCommandsTest {

    private static final String CFG = "sim:/tests/t/test-pv64-t.cfg";
    private static final GuestScript SUCCESS =
            GuestScript.xtf(Environment.PV64, "T").result("SUCCESS").poweroff();

    private final SimulatedHost host = SimulatedHosts.empty(SimFixtures.options(true));

    @AfterEach
    void close() {
        host.close();
    }

    private CommandResult run(String... argv) {
        return host.run(Command.of(argv));
    }

    @Test
    void anUnknownProgramIsNotFoundAsOnARealHost() {
        CommandResult r = run("xenstore-ls", "-fp");

        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("xenstore-ls: command not found");
    }

    @Test
    void xlListPrintsXlsColumnsForEveryStateAndNamesOneDomainOnRequest() {
        host.install(CFG, SUCCESS);
        DomainController xl = host.domains();
        xl.createPaused(DomainSpec.preserving("test-pv64-t", CFG));

        String listing = run("xl", "list").stdoutText();

        assertThat(listing)
                .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                        + "Domain-0                                     0  2048     2     r-----      42.0\n"
                        + "test-pv64-t                                  1   128     1     --p---       0.1\n");
        assertThat(XlListParser.parseList(run("xl", "list", "test-pv64-t").stdoutText()))
                .singleElement()
                .satisfies(d -> assertThat(d.isPaused()).isTrue());
        CommandResult missing = run("xl", "list", "test-pv64-none");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("test-pv64-none is an invalid domain identifier (rc=-6)");
        assertThat(run("xl", "domid", "test-pv64-t").stdoutText()).isEqualTo("1\n");
        assertThat(run("xenstore-read", "/local/domain/1/console/tty").stdoutText())
                .startsWith("/dev/pts/");
        assertThat(run("xenstore-read", "/local/domain/1/serial/0/tty").exitCode())
                .isEqualTo(1);
    }

    @Test
    void keepsEveryCommandItSawInOrder() {
        run("xl", "info");
        run("no-such-tool");

        assertThat(host.calls()).containsExactly(List.of("xl", "info"), List.of("no-such-tool"));
    }

    @Test
    void theDoctorFindsGuestLoggingWithTimestampsAndNothingToFix() {
        DoctorReport report = Doctor.inspect(host.xenHost(), DoctorOptions.defaults());

        assertThat(report.withSeverity(Severity.ERROR)).isEmpty();
        assertThat(report.withSeverity(Severity.WARNING)).isEmpty();
        assertThat(report.find("GUEST_LOGGING")).isPresent();
        assertThat(report.find("TIMESTAMPS")).isPresent();
        assertThat(report.find("CONFIG_APPLIED")).isPresent();
        assertThat(report.find("XENCONSOLE")).isPresent();
        assertThat(report.find("XENCONSOLED_RUNNING").orElseThrow().message())
                .contains("pid " + SimulatedHost.XENCONSOLED_PID);
    }

    @Test
    void theRunLockIsTakenOnceAndReleasedThroughTheHostsCommands() {
        RunLock first = RunLock.acquire(host, RunLock.DEFAULT_PATH, TimeSource.system());

        assertThatThrownBy(() -> RunLock.acquire(host, RunLock.DEFAULT_PATH, TimeSource.system()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("another xtf-harness run holds");
        first.release();
        RunLock.acquire(host, RunLock.DEFAULT_PATH, TimeSource.system()).release();
        assertThat(host.files().stat(RunLock.DEFAULT_PATH)).isEmpty();
    }

    @Test
    void theLiveConsoleAttachesWithTheNotifyHandshakeAndReadsTheWholeOutput() {
        host.install(CFG, SUCCESS);
        DomainController xl = host.domains();
        String xenconsole =
                XenconsoleLocator.locate(host.files(), xl.capabilities().xenVersion());
        ConsoleSource live = ConsoleSources.live(
                host,
                LiveConsoleOptions.builder(xenconsole)
                        .quietPeriod(Duration.ofMillis(50))
                        .build());
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-t", CFG));
        try (ConsoleSession session = live.open("test-pv64-t")) {
            session.attach(id, Duration.ofSeconds(10));
            xl.unpause(id);
            assertThat(xl.awaitShutdown(id, "test-pv64-t", Duration.ofSeconds(20))
                            .kind())
                    .isEqualTo(DomainEnd.Kind.SHUTDOWN);

            ConsoleCapture capture = session.collect();

            assertThat(capture.location()).isEqualTo(ConsoleCapture.Location.LIVE);
            assertThat(capture.lines())
                    .containsExactly(
                            "--- Xen Test Framework ---",
                            "Environment: PV 64bit (Long mode 4 levels)",
                            "T",
                            "Test result: SUCCESS");
        }
    }

    @Test
    void crashFirstRunCrashesOnlyTheFirstRunOfItsGuest() {
        host.install(
                CFG, GuestScript.builder().crashFirstRun().result("SUCCESS").poweroff());

        DomainEnd first = SimFixtures.run(host, DomainSpec.preserving("test-pv64-t", CFG), Duration.ofSeconds(20));
        host.domains().destroy("test-pv64-t");
        DomainEnd second = SimFixtures.run(host, DomainSpec.preserving("test-pv64-t", CFG), Duration.ofSeconds(20));

        assertThat(first.reason()).contains(ShutdownReason.CRASH);
        assertThat(second.reason()).contains(ShutdownReason.POWEROFF);
    }

    @Test
    void consoleDirectivesRotateTheGuestLogAsLogrotateAndXenconsoledDo() throws Exception {
        host.install(
                CFG,
                GuestScript.builder()
                        .print("one")
                        .console(GuestStep.LogAction.COPYTRUNCATE)
                        .print("two")
                        .console(GuestStep.LogAction.RENAME)
                        .print("three")
                        .poweroff());

        SimFixtures.run(host, DomainSpec.preserving("test-pv64-t", CFG), Duration.ofSeconds(20));

        Path log = host.logPath("test-pv64-t");
        String stamp = SimFixtures.STAMP;
        assertThat(Files.readString(log.resolveSibling(log.getFileName() + ".1"), US_ASCII))
                .isEqualTo(stamp + "two\r\n");
        assertThat(Files.readString(log, US_ASCII)).isEqualTo(stamp + "Logfile Opened\n" + stamp + "three\r\n");
    }

    @Test
    void closingDeletesEveryFileTheHostMade() {
        Path logDir = host.logPath("test-pv64-t").getParent();
        assertThat(logDir).isDirectory();

        host.close();

        assertThat(logDir.getParent().getParent().getParent().getParent()).doesNotExist();
    }
}
