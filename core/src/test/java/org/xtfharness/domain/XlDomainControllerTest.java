package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.catalog.Environment;
import org.xtfharness.error.HarnessTimeoutException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.ManualTime;

/** XlDomainController against the fake xl, across a real process boundary. */
class XlDomainControllerTest {

    /** Generous: the machine is shared, and a python start costs tens of milliseconds. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private FakeXl fake;

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private XlOptions.Builder options() {
        return XlOptions.builder()
                .xlCommand(fake.xlCommand())
                .commandTimeout(Duration.ofSeconds(20))
                .createTimeout(Duration.ofSeconds(20))
                .retryBackoff(Duration.ofMillis(10));
    }

    private DomainController controller() {
        return DomainControllers.xl(CommandRunners.local(), options().build());
    }

    private String log(String name) throws Exception {
        return Files.readString(fake.guestLog(name), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
        "poweroff, POWEROFF, ---s--",
        "crash, CRASH, ---sc-",
        "reboot, REBOOT, ---sr-",
        "watchdog, WATCHDOG, ---sw-"
    })
    void reportsEachShutdownReasonOfAPreservedDomain(String end, ShutdownReason reason, String letters)
            throws Exception {
        DomainController xl = controller();
        Path cfg = fake.addXtfTest(
                "example", Environment.PV64, "print --- Xen Test Framework ---", "print Test result: SUCCESS", end);
        String name = "test-pv64-example";

        DomainId id = xl.createPaused(DomainSpec.preserving(name, cfg.toString()));
        assertThat(xl.find(name)).hasValueSatisfying(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.isPaused()).isTrue();
        });
        assertThat(log(name)).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\] Logfile Opened\n");

        xl.unpause(id);
        DomainEnd end1 = xl.awaitShutdown(id, name, Duration.ofSeconds(20));

        assertThat(end1.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(end1.reason()).contains(reason);
        assertThat(end1.lastSeen())
                .hasValueSatisfying(d -> assertThat(d.stateLetters()).isEqualTo(letters));
        assertThat(xl.find(name))
                .hasValueSatisfying(d -> assertThat(d.shutdownReason()).contains(reason));
        assertThat(log(name)).endsWith("] Test result: SUCCESS\r\n");

        assertThat(xl.destroy(name)).isTrue();
        assertThat(xl.find(name)).isEmpty();
    }

    @Test
    void reportsVanishedWhenTheDomainIsDestroyedOnShutdown() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-gone", "print bye", "crash");

        DomainId id = xl.createPaused(new DomainSpec("test-pv64-gone", cfg.toString(), List.of()));
        xl.unpause(id);
        DomainEnd end = xl.awaitShutdown(id, "test-pv64-gone", Duration.ofSeconds(20));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(xl.find("test-pv64-gone")).isEmpty();
    }

    @Test
    void reportsVanishedWhenTheNameNowBelongsToAnotherDomain() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-again", "hang");
        DomainId first = xl.createPaused(DomainSpec.preserving("test-pv64-again", cfg.toString()));
        xl.destroy("test-pv64-again");
        DomainId second = xl.createPaused(DomainSpec.preserving("test-pv64-again", cfg.toString()));

        DomainEnd end = xl.awaitShutdown(first, "test-pv64-again", Duration.ofSeconds(20));

        assertThat(second).isNotEqualTo(first);
        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
    }

    @Test
    void timesOutOnAHangingGuestAtTheDeadlineWithGrowingPollIntervals() {
        ManualTime time = new ManualTime();
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(), options().time(time).build());
        Path cfg = fake.domain("test-pv64-hang", "print started", "hang");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-hang", cfg.toString()));
        xl.unpause(id);

        DomainEnd end = xl.awaitShutdown(id, "test-pv64-hang", Duration.ofMillis(700));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(end.lastSeen())
                .hasValueSatisfying(d -> assertThat(d.isShutdown()).isFalse());
        assertThat(end.waited()).isEqualTo(Duration.ofMillis(700));
        // 10 ms doubling up to the 100 ms maximum, the last sleep ending at the deadline.
        assertThat(time.sleeps())
                .startsWith(
                        Duration.ofMillis(10),
                        Duration.ofMillis(20),
                        Duration.ofMillis(40),
                        Duration.ofMillis(80),
                        Duration.ofMillis(100));
        assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMillis(700));
        assertThat(xl.destroy("test-pv64-hang")).isTrue();
    }

    @Test
    void failedCreateThrowsWithXlStderrAndLeavesNoDomain() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-broken", "poweroff");
        fake.fail("create", "libxl: error: libxl_create.c:1234:domcreate_launch_dm: fake device model failure");

        assertThatThrownBy(() -> xl.createPaused(DomainSpec.preserving("test-pv64-broken", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("test-pv64-broken")
                .hasMessageContaining("fake device model failure")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .anySatisfy(m -> assertThat(m).contains("half-created")));
        assertThat(xl.find("test-pv64-broken")).isEmpty();
    }

    @Test
    void createOfANameInUseFailsWithXlMessage() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-twice", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-twice", cfg.toString()));

        assertThatThrownBy(() -> xl.createPaused(DomainSpec.preserving("test-pv64-twice", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void createThatHangsThrowsTimeoutAndLeavesNoDomain() {
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(),
                options().createTimeout(Duration.ofMillis(1500)).build());
        Path cfg = fake.domain("test-pv64-stuck", "poweroff");
        fake.hang("create");

        Instant start = Instant.now();
        assertThatThrownBy(() -> xl.createPaused(DomainSpec.preserving("test-pv64-stuck", cfg.toString())))
                .isInstanceOf(HarnessTimeoutException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.between(start, Instant.now()))
                .isLessThan(Duration.ofMillis(1500).plus(SLACK));
        assertThat(xl.find("test-pv64-stuck")).isEmpty();
    }

    @Test
    void hangingXlThrowsTimeoutWithinTheCommandTimeout() {
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(),
                options().commandTimeout(Duration.ofMillis(1000)).build());
        fake.hang("list");

        Instant start = Instant.now();
        assertThatThrownBy(xl::list).isInstanceOf(HarnessTimeoutException.class).hasMessageContaining("xl");
        assertThat(Duration.between(start, Instant.now()))
                .isLessThan(Duration.ofMillis(1000).plus(SLACK));
    }

    @Test
    void retriesAListThatCrashesEveryOtherCallTransparently() {
        DomainController xl = controller();
        fake.crashListEvery(2);
        Path cfg = fake.domain("test-pv64-flaky", "print hello", "crash");

        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-flaky", cfg.toString()));
        for (int i = 0; i < 4; i++) {
            assertThat(xl.list()).extracting(DomainInfo::name).contains("Domain-0", "test-pv64-flaky");
        }
        xl.unpause(id);
        DomainEnd end = xl.awaitShutdown(id, "test-pv64-flaky", Duration.ofSeconds(20));

        assertThat(end.reason()).contains(ShutdownReason.CRASH);
        assertThat(xl.destroy("test-pv64-flaky")).isTrue();
    }

    @Test
    void neverTakesAFailingListForAnAbsentDomain() {
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(), options().retries(2).build());
        fake.crashListEvery(1);

        assertThatThrownBy(() -> xl.find("test-pv64-anything"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("3 tries")
                .hasMessageContaining("killed by signal 11");
    }

    @Test
    void throwsTheLastFailureWhenListKeepsFailing() {
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(), options().retries(1).build());
        fake.fail("list", "xl: cannot connect to xenstore");

        assertThatThrownBy(xl::list)
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("exited 1")
                .hasMessageContaining("cannot connect to xenstore");
    }

    @Test
    void retriesADestroyThatFailsOnce() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-sticky", "hang");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-sticky", cfg.toString()));
        xl.unpause(id);
        fake.destroyFailOnce();

        assertThat(xl.destroy("test-pv64-sticky")).isTrue();
        assertThat(xl.find("test-pv64-sticky")).isEmpty();
    }

    @Test
    void waitsForADyingDomainToGo() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-dying", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-dying", cfg.toString()));
        fake.destroyLingerMs(300);

        assertThat(xl.destroy("test-pv64-dying")).isTrue();
        assertThat(xl.list()).extracting(DomainInfo::name).doesNotContain("test-pv64-dying");
    }

    @Test
    void failsWhenADestroyedDomainLingersPastTheDeadline() {
        DomainController xl = DomainControllers.xl(
                CommandRunners.local(),
                options().destroyTimeout(Duration.ofMillis(200)).build());
        Path cfg = fake.domain("test-pv64-zombie", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-zombie", cfg.toString()));
        fake.destroyLingerMs(60_000);

        assertThatThrownBy(() -> xl.destroy("test-pv64-zombie"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("still listed as -----d");
    }

    @Test
    void findsAndDestroysAStaleDomainFromAnEarlierRun() throws Exception {
        DomainController xl = controller();
        Path cfg = fake.addXtfTest("stale", Environment.PV64, "print old run", "crash");
        String name = "test-pv64-stale";
        Process earlier = new ProcessBuilder(
                        fake.xlCommand().get(0),
                        fake.xlCommand().get(1),
                        "--state",
                        fake.stateDir().toString(),
                        "create",
                        cfg.toString(),
                        "on_crash=\"preserve\"")
                .start();
        assertThat(earlier.waitFor()).isZero();
        DomainId stale = xl.find(name).orElseThrow().id();
        DomainEnd leftover = xl.awaitShutdown(stale, name, Duration.ofSeconds(20));
        assertThat(leftover.reason()).contains(ShutdownReason.CRASH);

        assertThat(xl.destroy(name)).isTrue();
        DomainId fresh = xl.createPaused(DomainSpec.preserving(name, cfg.toString()));

        assertThat(fresh).isNotEqualTo(stale);
        assertThat(xl.find(name))
                .hasValueSatisfying(d -> assertThat(d.isPaused()).isTrue());
    }

    @Test
    void destroyOfAnAbsentDomainSaysThereWasNone() {
        assertThat(controller().destroy("test-pv64-never")).isFalse();
    }

    @Test
    void passesOverridesAsSeparateArgumentsAppliedAfterTheFile() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-over", "print x", "reboot");

        DomainId id = xl.createPaused(
                new DomainSpec("test-pv64-over", cfg.toString(), List.of("on_reboot=\"preserve\"", "memory=256")));
        xl.unpause(id);

        assertThat(xl.awaitShutdown(id, "test-pv64-over", Duration.ofSeconds(20))
                        .reason())
                .contains(ShutdownReason.REBOOT);
        assertThat(xl.describe("test-pv64-over"))
                .hasValueSatisfying(json ->
                        assertThat(json).contains("\"on_reboot\": \"preserve\"").contains("\"max_memkb\": 262144"));
    }

    @Test
    void readsCapabilitiesFromXlInfo() {
        fake.info(Map.of("virt_caps", "pv"));

        HostCapabilities caps = controller().capabilities();

        assertThat(caps.xenVersion()).isEqualTo("4.17.3");
        assertThat(caps.xenCaps()).contains("xen-3.0-x86_64", "hvm-3.0-x86_64");
        assertThat(caps.virtCaps()).containsExactly("pv");
    }

    @Test
    void givesEvidenceFromListLongAndDmesg() {
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-evidence", "crash");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-evidence", cfg.toString()));
        xl.unpause(id);
        xl.awaitShutdown(id, "test-pv64-evidence", Duration.ofSeconds(20));

        assertThat(xl.describe("test-pv64-evidence"))
                .hasValueSatisfying(s -> assertThat(s).contains("test-pv64-evidence"));
        assertThat(xl.describe("test-pv64-nobody")).isEmpty();
        assertThat(xl.hypervisorLogTail(1))
                .hasValueSatisfying(
                        s -> assertThat(s).isEqualTo("(XEN) d" + id + ": shutdown, reason crash, action preserve"));
    }

    @Test
    void logsWithoutTimestampsWhenXenconsoledHasNone() throws Exception {
        fake.consoleLogging(true, false);
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-plain", "print one", "raw 74 77 6f 0a", "poweroff");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-plain", cfg.toString()));
        xl.unpause(id);
        xl.awaitShutdown(id, "test-pv64-plain", Duration.ofSeconds(20));

        assertThat(log("test-pv64-plain")).isEqualTo("one\r\ntwo\n");
        assertThat(Optional.of(fake.guestLog("test-pv64-plain")))
                .hasValueSatisfying(p -> assertThat(p).exists());
    }

    @Test
    void fakeConsoleRotatesAndReopensTheLogWhereTheGuestSaysSo() throws Exception {
        fake.consoleLogging(true, false);
        DomainController xl = controller();
        for (String action : new String[] {"copytruncate", "rename", "reopen"}) {
            String name = "test-pv64-" + action;
            Path cfg = fake.domain(name, "print before", "console " + action, "print after", "poweroff");
            DomainId id = xl.createPaused(DomainSpec.preserving(name, cfg.toString()));
            xl.unpause(id);
            xl.awaitShutdown(id, name, Duration.ofSeconds(20));
            xl.destroy(name);
        }

        Path copied = fake.logDir().resolve("guest-test-pv64-copytruncate.log.1");
        assertThat(Files.readString(copied)).isEqualTo("before\r\n");
        // Truncated under an O_APPEND writer: the next write lands at offset 0.
        assertThat(log("test-pv64-copytruncate")).isEqualTo("after\r\n");
        assertThat(Files.readString(fake.logDir().resolve("guest-test-pv64-rename.log.1")))
                .isEqualTo("before\r\n");
        assertThat(log("test-pv64-rename")).isEqualTo("after\r\n");
        assertThat(log("test-pv64-reopen")).isEqualTo("before\r\nafter\r\n");
    }

    @Test
    void fakeLogFileSystemFullLosesEveryByteBeyondTheCapacity() throws Exception {
        fake.consoleLogging(true, false).logCapacity(10);
        DomainController xl = controller();
        Path cfg = fake.domain("test-pv64-full", "print 0123456789abcdef", "print more", "poweroff");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-full", cfg.toString()));
        xl.unpause(id);
        xl.awaitShutdown(id, "test-pv64-full", Duration.ofSeconds(20));

        assertThat(log("test-pv64-full")).isEqualTo("0123456789");
    }
}
