package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.LocalHostFiles;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.FakeXl.LiveConsoleFault;

/**
 * The live console source against the fake xenconsole, which honours the real one's protocol and
 * loses what the guest wrote before it opened the tty, as a pty does.
 */
class LiveConsoleSourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private FakeXl fake;
    private final CommandRunner local = CommandRunners.local();
    private DomainController xl;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp.resolve("host"));
        xl = DomainControllers.xl(
                local,
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(30))
                        .createTimeout(Duration.ofSeconds(30))
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private LiveConsoleOptions options() {
        return LiveConsoleOptions.builder(fake.xenconsolePath())
                .xenstoreRead(fake.xenstoreReadCommand())
                .build();
    }

    private ConsoleSource source(LiveConsoleOptions o) {
        return ConsoleSources.live(local, o);
    }

    // ---- the session alone: no xl, the test plays xenconsoled and the guest --------------------

    /**
     * What this exercises: the source's attach (start xenconsole through the constant script, wait
     * for the notify byte) against the fake xenconsole, with the test itself writing the guest's
     * output the very instant attach returns, then taking the console away. It does not run xl or
     * the Runner (that is {@code RunnerThroughFakeXlLiveConsoleTest}); it is the race the handshake
     * exists to win, repeated: 100 times in the ordinary build (each run starts the fake xenconsole
     * and xenstore-read), 1000 with
     * {@code ./mvnw -pl core test -Dtest=LiveConsoleSourceTest -Dliveconsole.runs=1000}.
     */
    @Test
    void capturesOutputWrittenTheInstantAttachReturnsInEveryRun() throws Exception {
        // Capture ends at the client's end of output (the console was taken away), not after a quiet
        // period: a slow machine must not turn a drain heuristic into a miss of the handshake.
        ConsoleSource source =
                source(options().toBuilder().quietPeriod(Duration.ofSeconds(30)).build());
        int runs = Integer.getInteger("liveconsole.runs", 100);
        AtomicInteger captured = new AtomicInteger();
        List<String> misses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int domid = 1000 + i;
                done.add(pool.submit(() -> {
                    fake.publishConsole(domid);
                    try (ConsoleSession s = source.open("first-instant-" + domid)) {
                        s.attach(new DomainId(domid), DEADLINE);
                        fake.consoleWrite(domid, ("first instant " + domid + "\r\n").getBytes(StandardCharsets.UTF_8));
                        fake.dropConsole(domid);
                        ConsoleCapture c = s.collect();
                        if (c.lines().equals(List.of("first instant " + domid))) {
                            captured.incrementAndGet();
                        } else {
                            misses.add(domid + ": " + c.lines() + " " + c.notes());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(misses).isEmpty();
        assertThat(captured.get()).isEqualTo(runs);
    }

    @Test
    void theFakeConsoleLosesWhatWasWrittenBeforeTheClientAttached() {
        // Without this the repeated runs above would prove nothing: the fake must model the race.
        int domid = 7;
        fake.publishConsole(domid);
        fake.consoleWrite(domid, "too early\r\n".getBytes(StandardCharsets.UTF_8));
        try (ConsoleSession s = source(options()).open("early")) {
            s.attach(new DomainId(domid), DEADLINE);
            fake.consoleWrite(domid, "in time\r\n".getBytes(StandardCharsets.UTF_8));
            fake.dropConsole(domid);
            ConsoleCapture c = s.collect();
            assertThat(c.lines()).containsExactly("in time");
            assertThat(c.location()).isEqualTo(ConsoleCapture.Location.LIVE);
            assertThat(c.byteCount()).isEqualTo("in time\r\n".length());
        }
    }

    // ---- through the fake xl: create paused, attach, unpause, shut down --------------------------

    private record Run(ConsoleCapture capture, DomainEnd end) {}

    /** Creates the domain as the runner does: every end preserved, plus the source's own lines. */
    private Run run(ConsoleSource source, Path cfg, String name) {
        List<String> overrides = new ArrayList<>(DomainSpec.PRESERVE_EVERY_END);
        overrides.addAll(source.createOverrides());
        DomainId id = xl.createPaused(new DomainSpec(name, cfg.toString(), overrides));
        try (ConsoleSession s = source.open(name)) {
            s.attach(id, DEADLINE);
            xl.unpause(id);
            DomainEnd end = xl.awaitShutdown(id, name, Duration.ofSeconds(30));
            return new Run(s.collect(), end);
        } finally {
            xl.destroy(name);
        }
    }

    /** Creates the domain, attaches (which must fail), checks the domain was never unpaused, destroys it. */
    private InfrastructureException attachFails(ConsoleSource source, Path cfg, String name) {
        DomainId id = xl.createPaused(DomainSpec.preserving(name, cfg.toString()));
        try (ConsoleSession s = source.open(name)) {
            Throwable t = catchThrowable(() -> s.attach(id, Duration.ofSeconds(3)));
            assertThat(t).isInstanceOf(InfrastructureException.class);
            assertThat(xl.find(name))
                    .get()
                    .extracting(DomainInfo::isPaused)
                    .as("never unpaused")
                    .isEqualTo(true);
            return (InfrastructureException) t;
        } finally {
            xl.destroy(name);
            assertThat(xl.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
        }
    }

    @Test
    void capturesAGuestThatPrintsInItsFirstInstantWhenTheClientAttachesSlowly() {
        fake.liveConsole(LiveConsoleFault.slowAttach(400));
        Run r = run(source(options()), fake.domain("slow", "print first", "print second", "poweroff"), "slow");
        assertThat(r.capture().lines()).containsExactly("first", "second");
    }

    @Test
    void waitsForATtyThatAppearsLate() {
        // Late, but within the fake xenconsole's 300 ms wait (its start is after the domain's creation,
        // from which the delay counts). 400 ms passed only while a slow interpreter start made up the rest.
        fake.liveConsole(LiveConsoleFault.slowTty(200));
        Run r = run(source(options()), fake.domain("late-tty", "print first", "poweroff"), "late-tty");
        assertThat(r.capture().lines()).containsExactly("first");
    }

    @Test
    void keepsTheClientsInputOpenSoItOutlivesAQuietGuest() {
        // The fake xenconsole, like the real console loop, quits at end of its input.
        Run r = run(source(options()), fake.domain("quiet", "sleep 400", "print after a pause", "poweroff"), "quiet");
        assertThat(r.capture().lines()).containsExactly("after a pause");
    }

    @Test
    void endsTheCaptureAtShutdownWhileThePreservedDomainKeepsItsConsoleOpen() {
        Run r = run(source(options()), fake.domain("kept", "print Test result: SUCCESS", "crash"), "kept");
        assertThat(r.end().kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(r.capture().lines()).containsExactly("Test result: SUCCESS");
        // The client was still attached when the capture was taken: it did not wait for end of stream.
        assertThat(r.capture().notes()).noneMatch(n -> n.contains("ended before"));
    }

    @Test
    void reportsTheClientsMessageWhenItDiesBeforeNotifying() {
        fake.liveConsole(LiveConsoleFault.dieBeforeNotify());
        InfrastructureException e = attachFails(source(options()), fake.domain("dies", "print x"), "dies");
        assertThat(e.getMessage())
                .contains("Could not read tty from store")
                .contains("closed its output before the handshake")
                .contains("never unpaused");
    }

    @Test
    void reportsTheClientsMessageWhenItDiesAfterNotifying() {
        fake.liveConsole(LiveConsoleFault.notifyThenDie());
        Path cfg = fake.domain("dies-later", "sleep 300", "print x", "poweroff");
        assertThatThrownBy(() -> run(source(options()), cfg, "dies-later"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("died during the run (exit 5)")
                .hasMessageContaining("read() failed: Input/output error");
        assertThat(xl.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
    }

    @Test
    void namesBothXenstorePathsAndTheLikelyCauseWhenTheTtyIsMissing() {
        fake.liveConsole(LiveConsoleFault.noTty());
        InfrastructureException e = attachFails(source(options()), fake.domain("no-tty", "print x"), "no-tty");
        assertThat(e.getMessage())
                .containsPattern("/local/domain/\\d+/console/tty \\(missing\\)")
                .containsPattern("/local/domain/\\d+/serial/0/tty \\(missing\\)")
                .contains("Could not read tty from store")
                .contains("xenconsoled is not running");
    }

    @Test
    void suggestsTheOtherConsoleTypeWhenOnlyThatOneHasATty() {
        InfrastructureException e = attachFails(
                source(options().toBuilder().type(ConsoleType.SERIAL).build()),
                fake.domain("pv-guest", "print x"),
                "pv-guest");
        assertThat(e.getMessage())
                .containsPattern("/local/domain/\\d+/serial/0/tty \\(missing\\)")
                .containsPattern("/local/domain/\\d+/console/tty = /")
                .contains("use --console-type pv");
    }

    @Test
    void aStockHvmCfgHasNoSerialTtyUntilTheCreateAsksForOne() {
        // As XTF's default-hvm.cfg.in: type="hvm" and no serial= line.
        Path cfg = fake.writeCfg("hvm-stock", fake.writeGuest("stock.guest", "print x", "poweroff"), "type = \"hvm\"");
        InfrastructureException e = attachFails(
                source(options().toBuilder().type(ConsoleType.SERIAL).build()), cfg, "hvm-stock");
        assertThat(e.getMessage())
                .containsPattern("/local/domain/\\d+/serial/0/tty \\(missing\\)")
                .contains("use --console-type pv");
    }

    @Test
    void onlyTheSerialConsoleAsksTheCreateForADevice() {
        assertThat(source(options().toBuilder().type(ConsoleType.SERIAL).build())
                        .createOverrides())
                .containsExactly("serial=\"pty\"");
        assertThat(source(options()).createOverrides()).isEmpty();
        assertThat(source(options().toBuilder().type(ConsoleType.VUART).build()).createOverrides())
                .isEmpty();
    }

    @Test
    void attachesToTheSerialConsoleOfAnHvmGuest() {
        Path cfg = fake.writeCfg(
                "hvm-serial", fake.writeGuest("hvm.guest", "print on serial", "poweroff"), "type = \"hvm\"");
        Run r = run(source(options().toBuilder().type(ConsoleType.SERIAL).build()), cfg, "hvm-serial");
        assertThat(r.capture().lines()).containsExactly("on serial");
        assertThat(r.capture().origin()).contains("--type serial");
    }

    @Test
    void attachesToAVuart() {
        Path cfg = fake.writeCfg(
                "with-vuart", fake.writeGuest("vuart.guest", "print on vuart", "poweroff"), "vuart = \"sbsa_uart\"");
        Run r = run(source(options().toBuilder().type(ConsoleType.VUART).build()), cfg, "with-vuart");
        assertThat(r.capture().lines()).containsExactly("on vuart");
    }

    @Test
    void agreesWithXenconsoledsLogAndNotesWhenTheLogIsMissing() {
        fake.consoleLogging(true, true);
        ConsoleSource log = ConsoleSources.xenconsoledLog(
                new LocalHostFiles(), new LogLayout(fake.logDir().toString(), "guest-%s.log"));
        ConsoleSource both = ConsoleSources.crossChecked(source(options()), log);
        Run agree = run(both, fake.domain("agree", "print one", "print two", "poweroff"), "agree");
        assertThat(agree.capture().lines()).containsExactly("one", "two");
        assertThat(agree.capture().notes()).noneMatch(n -> n.contains("disagree") || n.contains("cross-check"));

        // The log is off now: the live console still has the output, and the check says why it could not compare.
        fake.consoleLogging(false, false);
        Run unchecked = run(both, fake.domain("unchecked", "print one", "poweroff"), "unchecked");
        assertThat(unchecked.capture().lines()).containsExactly("one");
        assertThat(unchecked.capture().notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("cross-check with xenconsoled log")
                        .contains("no guest log was written"));
    }

    // ---- Xen before 4.8: no --start-notify-fd ---------------------------------------------------

    @Nested
    class BeforeXen48 {

        @BeforeEach
        void oldXen() {
            fake.info(Map.of("xen_version", "4.7.6", "xen_minor", "7", "xen_extra", ".6"));
        }

        private LiveConsoleOptions held() {
            return options().toBuilder()
                    .handshake(LiveConsoleOptions.Handshake.TTY_HELD)
                    .build();
        }

        @Test
        void capturesTheFirstInstantOnceTheClientHoldsTheTtyAndSaysSoInTheNotes() {
            Run r = run(source(held()), fake.domain("old", "print first", "poweroff"), "old");
            assertThat(r.capture().lines()).containsExactly("first");
            assertThat(r.capture().notes())
                    .anySatisfy(n -> assertThat(n)
                            .startsWith("weaker console handshake")
                            .contains("Xen < 4.8")
                            .containsPattern("/local/domain/\\d+/console/tty"));
        }

        @Test
        void waitsForALateTtyAndASlowClient() {
            fake.liveConsole(LiveConsoleFault.slowTty(300));
            Run r = run(source(held()), fake.domain("old-late", "print first", "poweroff"), "old-late");
            assertThat(r.capture().lines()).containsExactly("first");
            fake.liveConsole(LiveConsoleFault.slowAttach(300));
            Run r2 = run(source(held()), fake.domain("old-slow", "print first", "poweroff"), "old-slow");
            assertThat(r2.capture().lines()).containsExactly("first");
        }

        @Test
        void namesThePathsWhenTheTtyNeverAppears() {
            fake.liveConsole(LiveConsoleFault.noTty());
            InfrastructureException e = attachFails(source(held()), fake.domain("old-no-tty", "print x"), "old-no-tty");
            assertThat(e.getMessage())
                    .contains("did not appear in xenstore")
                    .containsPattern("/local/domain/\\d+/console/tty \\(missing\\)")
                    .containsPattern("/local/domain/\\d+/serial/0/tty \\(missing\\)");
        }

        @Test
        void reportsTheClientsMessageWhenItDiesBeforeHoldingTheTty() {
            fake.liveConsole(LiveConsoleFault.dieBeforeNotify());
            InfrastructureException e = attachFails(source(held()), fake.domain("old-dies", "print x"), "old-dies");
            assertThat(e.getMessage()).contains("Could not read tty from store");
        }

        @Test
        void theNotifyHandshakeFailsCleanlyAgainstAnOldClient() {
            InfrastructureException e =
                    attachFails(source(options()), fake.domain("old-notify", "print x"), "old-notify");
            assertThat(e.getMessage()).contains("unrecognized option '--start-notify-fd=3'");
        }
    }

    @Test
    void choosesTheHandshakeFromTheXenVersion() {
        assertThat(LiveConsoleOptions.Handshake.forXenVersion("4.17.3"))
                .isEqualTo(LiveConsoleOptions.Handshake.START_NOTIFY_FD);
        assertThat(LiveConsoleOptions.Handshake.forXenVersion("4.8.0"))
                .isEqualTo(LiveConsoleOptions.Handshake.START_NOTIFY_FD);
        assertThat(LiveConsoleOptions.Handshake.forXenVersion("5.0-rc"))
                .isEqualTo(LiveConsoleOptions.Handshake.START_NOTIFY_FD);
        assertThat(LiveConsoleOptions.Handshake.forXenVersion("4.7.6"))
                .isEqualTo(LiveConsoleOptions.Handshake.TTY_HELD);
        assertThat(LiveConsoleOptions.Handshake.forXenVersion("4.4.4-rc1"))
                .isEqualTo(LiveConsoleOptions.Handshake.TTY_HELD);
    }
}
