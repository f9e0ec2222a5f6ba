package org.xtfharness.sim;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xtfharness.sim.SimFixtures.STAMP;
import static org.xtfharness.sim.SimFixtures.options;
import static org.xtfharness.sim.SimFixtures.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.Environment;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.InfrastructureException;

class SimulatedHostTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CFG = "sim:/tests/t/test-pv64-t.cfg";
    private static final GuestScript SUCCESS =
            GuestScript.xtf(Environment.PV64, "T").result("SUCCESS").poweroff();

    private final List<SimulatedHost> hosts = new ArrayList<>();
    private SimulatedHost current;

    @AfterEach
    void closeHosts() {
        hosts.forEach(SimulatedHost::close);
    }

    private SimulatedHost host(SimulationOptions o) {
        SimulatedHost h = SimulatedHosts.empty(o);
        hosts.add(h);
        current = h;
        return h;
    }

    private SimulatedHost host(boolean timestamps) {
        return host(options(timestamps));
    }

    private static DomainSpec preserving(String name) {
        return DomainSpec.preserving(name, CFG);
    }

    private byte[] log(String name) throws Exception {
        return Files.readAllBytes(current.logPath(name));
    }

    @Test
    void opensTheGuestLogWhileTheDomainIsStillPaused() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        DomainId id = host.domains().createPaused(preserving("test-pv64-t"));

        assertThat(host.domains().find("test-pv64-t")).get().satisfies(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.isPaused()).isTrue();
            assertThat(i.stateLetters()).isEqualTo("--p---");
        });
        assertThat(new String(log("test-pv64-t"), US_ASCII)).isEqualTo(STAMP + "Logfile Opened\n");
    }

    @Test
    void createsAnEmptyLogWithoutTimestamps() throws Exception {
        SimulatedHost host = host(false);
        host.install(CFG, SUCCESS);
        host.domains().createPaused(preserving("test-pv64-t"));

        assertThat(log("test-pv64-t")).isEmpty();
    }

    @Test
    void successGuestWritesXtfLinesWithStampsAndPowersOffPreserved() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(end.reason()).contains(ShutdownReason.POWEROFF);
        assertThat(host.domains().find("test-pv64-t"))
                .get()
                .extracting(DomainInfo::stateLetters)
                .isEqualTo("---s--");
        assertThat(new String(log("test-pv64-t"), US_ASCII))
                .isEqualTo(STAMP + "Logfile Opened\n"
                        + STAMP + "--- Xen Test Framework ---\r\n"
                        + STAMP + "Environment: PV 64bit (Long mode 4 levels)\r\n"
                        + STAMP + "T\r\n"
                        + STAMP + "Test result: SUCCESS\r\n");
    }

    @Test
    void withoutGuestLoggingAGuestRunsAndXenconsoledWritesNoLogForIt() throws Exception {
        // A XenServer host without XENCONSOLED_TRACE: only a live console client sees the guest.
        SimulatedHost host = host(SimulationOptions.builder()
                .timestamps(true)
                .time(SimFixtures.TIME)
                .timeScale(0)
                .guestLogging(false)
                .build());
        host.install(CFG, SUCCESS);

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(current.logPath("test-pv64-t")).doesNotExist();
        assertThat(host.description()).contains("guest logging off");
    }

    @Test
    void successGuestWritesBareXtfLinesWithoutTimestamps() throws Exception {
        SimulatedHost host = host(false);
        host.install(CFG, SUCCESS);

        run(host, preserving("test-pv64-t"), WAIT);

        assertThat(new String(log("test-pv64-t"), US_ASCII))
                .isEqualTo(
                        "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\nT\r\nTest result: SUCCESS\r\n");
    }

    @Test
    void preservedCrashStaysListedAsCrashed() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().panic("boom").crash());

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.reason()).contains(ShutdownReason.CRASH);
        DomainInfo info = host.domains().find("test-pv64-t").orElseThrow();
        assertThat(info.isCrashed()).isTrue();
        assertThat(info.stateLetters()).isEqualTo("---sc-");
        assertThat(host.domains().list()).extracting(DomainInfo::name).containsExactly("Domain-0", "test-pv64-t");
    }

    @Test
    void withoutOverridesEveryEndDestroysTheDomainAsXlsDefault() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("bye").crash());

        DomainEnd end = run(host, new DomainSpec("test-pv64-t", CFG, List.of()), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
        assertThat(new String(log("test-pv64-t"), US_ASCII)).endsWith(STAMP + "bye\r\n");
    }

    @Test
    void lastAssignmentOfAnActionWins() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().reboot());
        host.install("sim:/other.cfg", GuestScript.builder().reboot());

        DomainEnd destroyed = run(
                host,
                new DomainSpec("test-hvm64-a", CFG, List.of("on_reboot=\"preserve\"", "on_reboot = 'destroy'")),
                WAIT);
        DomainEnd preserved = run(
                host,
                new DomainSpec(
                        "test-hvm64-b",
                        "sim:/other.cfg",
                        List.of("on_reboot=destroy", "vcpus=2", "on_reboot=\"preserve\"")),
                WAIT);

        assertThat(destroyed.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(preserved.reason()).contains(ShutdownReason.REBOOT);
        assertThat(host.domains().find("test-hvm64-b"))
                .get()
                .extracting(DomainInfo::stateLetters)
                .isEqualTo("---sr-");
    }

    @Test
    void watchdogEndIsPreservedWithItsReason() {
        SimulatedHost host = host(false);
        host.install(CFG, GuestScript.builder().watchdog());

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.reason()).contains(ShutdownReason.WATCHDOG);
    }

    @Test
    void refusesActionsItCannotSimulate() {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        assertThatThrownBy(() -> host.domains()
                        .createPaused(new DomainSpec("test-pv64-t", CFG, List.of("on_crash=\"restart\""))))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("on_crash")
                .hasMessageContaining("restart");
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
    }

    @Test
    void refusesANameAlreadyInUseAsXlDoes() {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        assertThatThrownBy(() -> host.domains().createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("Domain with name \"test-pv64-t\" already exists.");
    }

    @Test
    void refusesACfgThatIsNotInstalled() {
        SimulatedHost host = host(true);

        assertThatThrownBy(() -> host.domains().createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("Failed to read config file: " + CFG);
    }

    @Test
    void twoRunsOfOneNameAppendToOneLog() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        run(host, preserving("test-pv64-t"), WAIT);
        assertThat(host.domains().destroy("test-pv64-t")).isTrue();
        run(host, preserving("test-pv64-t"), WAIT);

        String once = STAMP + "Logfile Opened\n"
                + STAMP + "--- Xen Test Framework ---\r\n"
                + STAMP + "Environment: PV 64bit (Long mode 4 levels)\r\n"
                + STAMP + "T\r\n"
                + STAMP + "Test result: SUCCESS\r\n";
        assertThat(new String(log("test-pv64-t"), US_ASCII)).isEqualTo(once + once);
    }

    @Test
    void twoRunsWithoutTimestampsAppendWithNothingBetweenThem() throws Exception {
        SimulatedHost host = host(false);
        host.install(CFG, SUCCESS);

        run(host, preserving("test-pv64-t"), WAIT);
        host.domains().destroy("test-pv64-t");
        run(host, preserving("test-pv64-t"), WAIT);

        String once =
                "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\nT\r\nTest result: SUCCESS\r\n";
        assertThat(new String(log("test-pv64-t"), US_ASCII)).isEqualTo(once + once);
    }

    @Test
    void parallelCreatesOfDifferentNamesGetDistinctIdsAndLogs() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DomainEnd>> ends = new ArrayList<>();
            List<Future<DomainId>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "test-pv64-t" + i;
                CompletableFuture<DomainId> id = new CompletableFuture<>();
                ids.add(id);
                ends.add(pool.submit((Callable<DomainEnd>) () -> {
                    go.await();
                    DomainId d = host.domains().createPaused(preserving(name));
                    id.complete(d);
                    host.domains().unpause(d);
                    return host.domains().awaitShutdown(d, name, WAIT);
                }));
            }
            go.countDown();
            Set<DomainId> distinct = new HashSet<>();
            for (int i = 0; i < n; i++) {
                assertThat(ends.get(i).get(30, TimeUnit.SECONDS).reason()).contains(ShutdownReason.POWEROFF);
                distinct.add(ids.get(i).get());
                assertThat(new String(log("test-pv64-t" + i), US_ASCII)).endsWith(STAMP + "Test result: SUCCESS\r\n");
            }
            assertThat(distinct).hasSize(n);
            assertThat(host.domains().list()).hasSize(n + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitShutdownOfAHangReturnsSoonAfterItsTimeout() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("spinning").hang());
        DomainId id = host.domains().createPaused(preserving("test-pv64-t"));
        host.domains().unpause(id);
        Duration timeout = Duration.ofMillis(300);

        long start = System.nanoTime();
        DomainEnd end = host.domains().awaitShutdown(id, "test-pv64-t", timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(end.lastSeen()).get().extracting(DomainInfo::isShutdown).isEqualTo(false);
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(5));
    }

    @Test
    void destroyStopsAHungGuestAndWakesItsWaiter() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("spinning").hang());
        DomainId id = host.domains().createPaused(preserving("test-pv64-t"));
        host.domains().unpause(id);
        CompletableFuture<DomainEnd> waiting = CompletableFuture.supplyAsync(
                () -> host.domains().awaitShutdown(id, "test-pv64-t", Duration.ofMinutes(5)));

        assertThat(host.domains().destroy("test-pv64-t")).isTrue();

        assertThat(waiting.get(30, TimeUnit.SECONDS).kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
        assertThat(host.domains().destroy("test-pv64-t")).isFalse();
    }

    @Test
    void destroyStopsAGuestInTheMiddleOfItsOutput() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().flood(Long.MAX_VALUE / 2).poweroff());
        DomainId id = host.domains().createPaused(preserving("test-pv64-t"));
        host.domains().unpause(id);
        Path log = host.logPath("test-pv64-t");
        while (Files.size(log) < 1_000_000) {
            Thread.onSpinWait();
        }

        host.domains().destroy("test-pv64-t");
        long sizeAtDestroy = Files.size(log);
        host.domains()
                .awaitShutdown(id, "test-pv64-t", Duration.ofMillis(200)); // time for a runaway writer to show itself

        assertThat(Files.size(log)).isEqualTo(sizeAtDestroy);
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
    }

    @Test
    void destroyWakesAGuestSleepingForCenturies() {
        SimulatedHost host = host(
                SimulationOptions.builder().time(SimFixtures.TIME).timeScale(1).build());
        host.install(
                CFG,
                GuestScript.builder()
                        .sleep(Duration.ofDays(365L * 1000))
                        .print("never")
                        .poweroff());
        DomainId id = host.domains().createPaused(preserving("test-pv64-t"));
        host.domains().unpause(id);

        assertThat(host.domains()
                        .awaitShutdown(id, "test-pv64-t", Duration.ofMillis(100))
                        .kind())
                .isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(host.domains().destroy("test-pv64-t")).isTrue();
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
    }

    @Test
    void awaitShutdownOfAnUnknownDomainSaysItVanished() {
        SimulatedHost host = host(true);

        DomainEnd end = host.domains().awaitShutdown(new DomainId(42), "test-pv64-none", Duration.ofSeconds(1));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(end.lastSeen()).isEmpty();
    }

    @Test
    void unpausingAnUnknownDomainFails() {
        SimulatedHost host = host(true);

        assertThatThrownBy(() -> host.domains().unpause(new DomainId(7)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("7");
    }

    @Test
    void reportsAHostThatRunsPvAndHvmAndSaysItIsSimulated() {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        assertThat(host.domains().capabilities().xenVersion()).isEqualTo("4.17.0-simulated");
        assertThat(host.domains().capabilities().xenCaps())
                .containsExactlyInAnyOrder("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64");
        assertThat(host.domains().capabilities().virtCaps()).containsExactly("hvm");
        assertThat(host.domains().describe("test-pv64-t"))
                .get()
                .asString()
                .contains("\"name\": \"test-pv64-t\"")
                .contains("\"on_crash\": \"preserve\"");
        assertThat(host.domains().describe("test-pv64-nothere")).isEmpty();
        assertThat(host.domains().hypervisorLogTail(50)).get().asString().contains("simulated");
        assertThat(host.domains().hypervisorLogTail(1)).get().asString().doesNotContain("\n");
        assertThat(host.description()).contains("simulated");
        assertThat(host.domains().find("Domain-0"))
                .get()
                .extracting(i -> i.id().value())
                .isEqualTo(0);
    }

    @Test
    void injectedCreateFaultFailsLikeXlAndLeavesNoDomain() {
        SimulatedHost host = host(options(true).toBuilder()
                .faults(SimulatedFaults.none().withCreateFailing("test-pv64-t"))
                .build());
        host.install(CFG, SUCCESS);

        assertThatThrownBy(() -> host.domains().createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("simulated fault");
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
    }

    @Test
    void injectedDestroyFaultFailsOnceAndTheRetriedDestroyWorks() {
        SimulatedHost host = host(options(true).toBuilder()
                .faults(SimulatedFaults.none().withDestroyFailingOnce("test-pv64-t"))
                .build());
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        // xl's controller retries a failed destroy while the domain is still listed.
        assertThat(host.domains().destroy("test-pv64-t")).isTrue();
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
        assertThat(host.calls())
                .filteredOn(c -> c.equals(List.of("xl", "destroy", "test-pv64-t")))
                .hasSize(2);
    }

    @Test
    void injectedVanishingDomainIsGoneBeforeItsShutdownIsSeen() throws Exception {
        SimulatedHost host = host(options(true).toBuilder()
                .faults(SimulatedFaults.none().withVanishing("test-pv64-t"))
                .build());
        host.install(CFG, SUCCESS);

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.domains().find("test-pv64-t")).isEmpty();
        assertThat(new String(log("test-pv64-t"), US_ASCII)).endsWith("Test result: SUCCESS\r\n");
    }

    @Test
    void reopeningLogsAfterARenameStartsANewFileWithLogfileOpened() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);
        Path log = host.logPath("test-pv64-t");
        Files.move(log, log.resolveSibling("guest-test-pv64-t.log.1"));

        host.reopenLogs();

        assertThat(Files.readString(log, US_ASCII)).isEqualTo(STAMP + "Logfile Opened\n");
    }

    @Test
    void aClosedHostRefusesNewDomainsAndDestroysWhatWasLeft() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().hang());
        host.domains().unpause(host.domains().createPaused(preserving("test-pv64-t")));

        host.close();

        assertThat(host.domains().list()).extracting(DomainInfo::name).containsExactly("Domain-0");
        assertThatThrownBy(() -> host.domains().createPaused(preserving("test-pv64-u")))
                .isInstanceOf(InfrastructureException.class);
    }
}
