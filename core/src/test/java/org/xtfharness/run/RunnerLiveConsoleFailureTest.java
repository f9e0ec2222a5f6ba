package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.result.Cause;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.FakeXl.LiveConsoleFault;

/**
 * The Runner with the live console when the console client fails: every failure is an
 * infrastructure ERROR carrying the client's own message, and no domain is left behind. Also the
 * pre-4.8 handshake end to end.
 */
class RunnerLiveConsoleFailureTest {

    @TempDir
    Path tmp;

    private final XenHost host = Hosts.local();
    private FakeXl fake;
    private DomainController xl;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp.resolve("host"));
        xl = DomainControllers.xl(
                host.commands(),
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(30))
                        .createTimeout(Duration.ofSeconds(30))
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
        fake.addXtfTest(
                "example",
                Environment.PV64,
                "print --- Xen Test Framework ---",
                "print Environment: PV 64bit (Long mode 4 levels)",
                "print Test result: SUCCESS",
                "poweroff");
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private TestResult runOnce(LiveConsoleOptions.Handshake handshake) {
        LiveConsoleOptions o = LiveConsoleOptions.builder(fake.xenconsolePath())
                .xenstoreRead(fake.xenstoreReadCommand())
                .handshake(handshake)
                .build();
        RunSummary s = Runner.builder()
                .domains(xl)
                .console(ConsoleSources.live(host.commands(), o))
                .parser(ResultParsers.xtf())
                .store(r -> {})
                .options(RunOptions.defaults())
                .build()
                .run(Catalogues.xtfTree(host.files(), fake.xtfRoot().toString()).instances());
        assertThat(xl.list())
                .extracting(DomainInfo::name)
                .as("domains left by the run")
                .containsExactly("Domain-0");
        assertThat(s.results()).hasSize(1);
        return s.results().get(0);
    }

    private static void assertInfrastructureError(TestResult r, String... inReason) {
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.ERROR);
        assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
        assertThat(r.outcome().reason()).contains(inReason);
    }

    @Test
    void succeedsWithTheStartNotifyHandshake() {
        TestResult r = runOnce(LiveConsoleOptions.Handshake.START_NOTIFY_FD);
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.SUCCESS);
        assertThat(r.evidence().notes()).noneMatch(n -> n.contains("weaker"));
    }

    @Test
    void aClientThatDiesBeforeNotifyingIsAnInfrastructureError() {
        fake.liveConsole(LiveConsoleFault.dieBeforeNotify());
        assertInfrastructureError(
                runOnce(LiveConsoleOptions.Handshake.START_NOTIFY_FD),
                "Could not read tty from store",
                "never unpaused");
    }

    @Test
    void aClientThatDiesAfterNotifyingIsAnInfrastructureError() {
        fake.liveConsole(LiveConsoleFault.notifyThenDie());
        assertInfrastructureError(
                runOnce(LiveConsoleOptions.Handshake.START_NOTIFY_FD),
                "died during the run",
                "read() failed: Input/output error");
    }

    @Test
    void aMissingTtyIsAnInfrastructureErrorNamingTheXenstorePaths() {
        fake.liveConsole(LiveConsoleFault.noTty());
        assertInfrastructureError(
                runOnce(LiveConsoleOptions.Handshake.START_NOTIFY_FD),
                "Could not read tty from store",
                "/console/tty (missing)",
                "/serial/0/tty (missing)");
    }

    @Test
    void anOldClientAskedForTheNotifyFdIsAnInfrastructureError() {
        fake.info(Map.of("xen_version", "4.7.6"));
        assertInfrastructureError(
                runOnce(LiveConsoleOptions.Handshake.START_NOTIFY_FD), "unrecognized option '--start-notify-fd=3'");
    }

    @Test
    void beforeXen48TheTtyHeldHandshakePassesAndIsRecordedInTheEvidence() {
        fake.info(Map.of("xen_version", "4.7.6"));
        fake.liveConsole(LiveConsoleFault.slowAttach(200));
        TestResult r = runOnce(LiveConsoleOptions.Handshake.TTY_HELD);
        assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.SUCCESS);
        assertThat(r.evidence().notes()).anySatisfy(n -> assertThat(n).startsWith("weaker console handshake"));
    }

    @Test
    void beforeXen48AClientThatDiesIsAnInfrastructureError() {
        fake.info(Map.of("xen_version", "4.7.6"));
        fake.liveConsole(LiveConsoleFault.dieBeforeNotify());
        assertInfrastructureError(runOnce(LiveConsoleOptions.Handshake.TTY_HELD), "Could not read tty from store");
    }
}
