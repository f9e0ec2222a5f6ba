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
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.ShutdownReason;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;

class SimulatedHostTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CFG = "sim:/tests/t/test-pv64-t.cfg";
    private static final GuestScript SUCCESS = GuestScript.xtf(Environment.PV64, "T").result("SUCCESS").poweroff();

    @TempDir
    Path dir;

    private final List<SimulatedHost> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() {
        hosts.forEach(SimulatedHost::close);
    }

    private SimulatedHost host(SimulationOptions o) {
        SimulatedHost h = SimulatedHosts.empty(o);
        hosts.add(h);
        return h;
    }

    private SimulatedHost host(boolean timestamps) {
        return host(options(dir, timestamps));
    }

    private static DomainSpec preserving(String name) {
        return DomainSpec.preserving(name, CFG);
    }

    private byte[] log(String name) throws Exception {
        return Files.readAllBytes(dir.resolve("guest-" + name + ".log"));
    }

    @Test
    void opensTheGuestLogWhileTheDomainIsStillPaused() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        DomainId id = host.createPaused(preserving("test-pv64-t"));

        assertThat(host.find("test-pv64-t")).get().satisfies(i -> {
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
        host.createPaused(preserving("test-pv64-t"));

        assertThat(log("test-pv64-t")).isEmpty();
    }

    @Test
    void successGuestWritesXtfLinesWithStampsAndPowersOffPreserved() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(end.reason()).contains(ShutdownReason.POWEROFF);
        assertThat(host.find("test-pv64-t")).get().extracting(DomainInfo::stateLetters).isEqualTo("---s--");
        assertThat(new String(log("test-pv64-t"), US_ASCII)).isEqualTo(
                STAMP + "Logfile Opened\n"
                        + STAMP + "--- Xen Test Framework ---\r\n"
                        + STAMP + "Environment: PV 64bit (Long mode 4 levels)\r\n"
                        + STAMP + "T\r\n"
                        + STAMP + "Test result: SUCCESS\r\n");
    }

    @Test
    void successGuestWritesBareXtfLinesWithoutTimestamps() throws Exception {
        SimulatedHost host = host(false);
        host.install(CFG, SUCCESS);

        run(host, preserving("test-pv64-t"), WAIT);

        assertThat(new String(log("test-pv64-t"), US_ASCII)).isEqualTo(
                "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\nT\r\nTest result: SUCCESS\r\n");
    }

    @Test
    void preservedCrashStaysListedAsCrashed() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().panic("boom").crash());

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.reason()).contains(ShutdownReason.CRASH);
        DomainInfo info = host.find("test-pv64-t").orElseThrow();
        assertThat(info.isCrashed()).isTrue();
        assertThat(info.stateLetters()).isEqualTo("---sc-");
        assertThat(host.list()).extracting(DomainInfo::name).containsExactly("Domain-0", "test-pv64-t");
    }

    @Test
    void withoutOverridesEveryEndDestroysTheDomainAsXlsDefault() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("bye").crash());

        DomainEnd end = run(host, new DomainSpec("test-pv64-t", CFG, List.of()), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.find("test-pv64-t")).isEmpty();
        assertThat(new String(log("test-pv64-t"), US_ASCII)).endsWith(STAMP + "bye\r\n");
    }

    @Test
    void lastAssignmentOfAnActionWins() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().reboot());
        host.install("sim:/other.cfg", GuestScript.builder().reboot());

        DomainEnd destroyed = run(host, new DomainSpec("test-hvm64-a", CFG,
                List.of("on_reboot=\"preserve\"", "on_reboot = 'destroy'")), WAIT);
        DomainEnd preserved = run(host, new DomainSpec("test-hvm64-b", "sim:/other.cfg",
                List.of("on_reboot=destroy", "vcpus=2", "on_reboot=\"preserve\"")), WAIT);

        assertThat(destroyed.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(preserved.reason()).contains(ShutdownReason.REBOOT);
        assertThat(host.find("test-hvm64-b")).get().extracting(DomainInfo::stateLetters).isEqualTo("---sr-");
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

        assertThatThrownBy(() -> host.createPaused(new DomainSpec("test-pv64-t", CFG, List.of("on_crash=\"restart\""))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("on_crash").hasMessageContaining("restart");
        assertThat(host.find("test-pv64-t")).isEmpty();
    }

    @Test
    void refusesANameAlreadyInUseAsXlDoes() {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        assertThatThrownBy(() -> host.createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("Domain with name \"test-pv64-t\" already exists.");
    }

    @Test
    void refusesACfgThatIsNotInstalled() {
        SimulatedHost host = host(true);

        assertThatThrownBy(() -> host.createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("Failed to read config file: " + CFG);
    }

    @Test
    void twoRunsOfOneNameAppendToOneLog() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);

        run(host, preserving("test-pv64-t"), WAIT);
        assertThat(host.destroy("test-pv64-t")).isTrue();
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
        host.destroy("test-pv64-t");
        run(host, preserving("test-pv64-t"), WAIT);

        String once = "--- Xen Test Framework ---\r\nEnvironment: PV 64bit (Long mode 4 levels)\r\nT\r\nTest result: SUCCESS\r\n";
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
                    DomainId d = host.createPaused(preserving(name));
                    id.complete(d);
                    host.unpause(d);
                    return host.awaitShutdown(d, name, WAIT);
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
            assertThat(host.list()).hasSize(n + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitShutdownOfAHangReturnsSoonAfterItsTimeout() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("spinning").hang());
        DomainId id = host.createPaused(preserving("test-pv64-t"));
        host.unpause(id);
        Duration timeout = Duration.ofMillis(300);

        long start = System.nanoTime();
        DomainEnd end = host.awaitShutdown(id, "test-pv64-t", timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(end.lastSeen()).get().extracting(DomainInfo::isShutdown).isEqualTo(false);
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(5));
    }

    @Test
    void destroyStopsAHungGuestAndWakesItsWaiter() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().print("spinning").hang());
        DomainId id = host.createPaused(preserving("test-pv64-t"));
        host.unpause(id);
        CompletableFuture<DomainEnd> waiting = CompletableFuture.supplyAsync(
                () -> host.awaitShutdown(id, "test-pv64-t", Duration.ofMinutes(5)));

        assertThat(host.destroy("test-pv64-t")).isTrue();

        assertThat(waiting.get(30, TimeUnit.SECONDS).kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.find("test-pv64-t")).isEmpty();
        assertThat(host.destroy("test-pv64-t")).isFalse();
    }

    @Test
    void destroyStopsAGuestInTheMiddleOfItsOutput() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().flood(Long.MAX_VALUE / 2).poweroff());
        DomainId id = host.createPaused(preserving("test-pv64-t"));
        host.unpause(id);
        Path log = dir.resolve("guest-test-pv64-t.log");
        while (Files.size(log) < 1_000_000) {
            Thread.onSpinWait();
        }

        host.destroy("test-pv64-t");
        long sizeAtDestroy = Files.size(log);
        host.awaitShutdown(id, "test-pv64-t", Duration.ofMillis(200)); // time for a runaway writer to show itself

        assertThat(Files.size(log)).isEqualTo(sizeAtDestroy);
        assertThat(host.find("test-pv64-t")).isEmpty();
    }

    @Test
    void destroyWakesAGuestSleepingForCenturies() {
        SimulatedHost host = host(SimulationOptions.builder(dir).clock(SimFixtures.CLOCK).timeScale(1).build());
        host.install(CFG, GuestScript.builder().sleep(Duration.ofDays(365L * 1000)).print("never").poweroff());
        DomainId id = host.createPaused(preserving("test-pv64-t"));
        host.unpause(id);

        assertThat(host.awaitShutdown(id, "test-pv64-t", Duration.ofMillis(100)).kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(host.destroy("test-pv64-t")).isTrue();
        assertThat(host.find("test-pv64-t")).isEmpty();
    }

    @Test
    void awaitShutdownOfAnUnknownDomainSaysItVanished() {
        SimulatedHost host = host(true);

        DomainEnd end = host.awaitShutdown(new DomainId(42), "test-pv64-none", Duration.ofSeconds(1));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(end.lastSeen()).isEmpty();
    }

    @Test
    void unpausingAnUnknownDomainFails() {
        SimulatedHost host = host(true);

        assertThatThrownBy(() -> host.unpause(new DomainId(7))).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("7");
    }

    @Test
    void reportsAHostThatRunsPvAndHvmAndSaysItIsSimulated() {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        assertThat(host.capabilities().xenVersion()).isEqualTo("4.17.0-simulated");
        assertThat(host.capabilities().xenCaps())
                .containsExactlyInAnyOrder("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64");
        assertThat(host.capabilities().virtCaps()).containsExactly("hvm");
        assertThat(host.describe("test-pv64-t")).get().asString()
                .contains("simulated").contains("on_crash: preserve").contains("state: ---s--");
        assertThat(host.describe("test-pv64-nothere")).isEmpty();
        assertThat(host.hypervisorLogTail(50)).get().asString().contains("simulated");
        assertThat(host.hypervisorLogTail(1)).get().asString().doesNotContain("\n");
        assertThat(host.description()).contains("simulated");
        assertThat(host.find("Domain-0")).get().extracting(i -> i.id().value()).isEqualTo(0);
    }

    @Test
    void injectedCreateFaultFailsLikeXlAndLeavesNoDomain() {
        SimulatedHost host = host(options(dir, true).withFaults(SimulatedFaults.none().withCreateFailing("test-pv64-t")));
        host.install(CFG, SUCCESS);

        assertThatThrownBy(() -> host.createPaused(preserving("test-pv64-t")))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("injected");
        assertThat(host.find("test-pv64-t")).isEmpty();
    }

    @Test
    void injectedDestroyFaultFailsOnceThenDestroyWorks() {
        SimulatedHost host = host(options(dir, true).withFaults(SimulatedFaults.none().withDestroyFailingOnce("test-pv64-t")));
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);

        assertThatThrownBy(() -> host.destroy("test-pv64-t")).isInstanceOf(InfrastructureException.class);
        assertThat(host.find("test-pv64-t")).isPresent();
        assertThat(host.destroy("test-pv64-t")).isTrue();
        assertThat(host.find("test-pv64-t")).isEmpty();
    }

    @Test
    void injectedVanishingDomainIsGoneBeforeItsShutdownIsSeen() throws Exception {
        SimulatedHost host = host(options(dir, true).withFaults(SimulatedFaults.none().withVanishing("test-pv64-t")));
        host.install(CFG, SUCCESS);

        DomainEnd end = run(host, preserving("test-pv64-t"), WAIT);

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(host.find("test-pv64-t")).isEmpty();
        assertThat(new String(log("test-pv64-t"), US_ASCII)).endsWith("Test result: SUCCESS\r\n");
    }

    @Test
    void reopeningLogsAfterARenameStartsANewFileWithLogfileOpened() throws Exception {
        SimulatedHost host = host(true);
        host.install(CFG, SUCCESS);
        run(host, preserving("test-pv64-t"), WAIT);
        Path log = dir.resolve("guest-test-pv64-t.log");
        Files.move(log, dir.resolve("guest-test-pv64-t.log.1"));

        host.reopenLogs();

        assertThat(Files.readString(log, US_ASCII)).isEqualTo(STAMP + "Logfile Opened\n");
    }

    @Test
    void aClosedHostRefusesNewDomainsAndDestroysWhatWasLeft() {
        SimulatedHost host = host(true);
        host.install(CFG, GuestScript.builder().hang());
        host.unpause(host.createPaused(preserving("test-pv64-t")));

        host.close();

        assertThat(host.list()).extracting(DomainInfo::name).containsExactly("Domain-0");
        assertThatThrownBy(() -> host.createPaused(preserving("test-pv64-u"))).isInstanceOf(InfrastructureException.class);
    }
}
