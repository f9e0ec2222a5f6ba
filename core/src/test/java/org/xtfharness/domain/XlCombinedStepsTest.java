package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.HarnessTimeoutException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.testing.FakeXl;

/**
 * The steps XlDomainController sends as one host command (stale check, create and listing; destroy
 * and the wait for the domain to go), each step keeping its own error reporting.
 */
class XlCombinedStepsTest {

    @TempDir
    Path tmp;

    private FakeXl fake;
    private final List<List<String>> commands = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private DomainController controller(Duration createTimeout) {
        return controller(createTimeout, List.of("xenstore-watch"));
    }

    private DomainController watching() {
        return controller(Duration.ofSeconds(20), fake.xenstoreWatchCommand());
    }

    private DomainController controller(Duration createTimeout, List<String> watch) {
        CommandRunner local = CommandRunners.local();
        CommandRunner counting = new CommandRunner() {
            @Override
            public CommandResult run(Command command) {
                commands.add(command.argv());
                return local.run(command);
            }
        };
        return DomainControllers.xl(
                counting,
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(20))
                        .createTimeout(createTimeout)
                        .retryBackoff(Duration.ofMillis(10))
                        .watchCommand(watch)
                        .build());
    }

    @Test
    void createsThePausedDomainAndReadsItsIdInOneCommand() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-one", "print hello", "poweroff");

        DomainId id = xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-one", cfg.toString()))
                .orElseThrow();

        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).subList(0, 2)).containsExactly("sh", "-c");
        assertThat(fake.calls()).extracting(c -> c.get(0)).containsExactly("create", "list");
        assertThat(xl.find("test-pv64-one"))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(id))
                .hasValueSatisfying(d -> assertThat(d.isPaused()).isTrue());
    }

    @Test
    void createsNothingWhenADomainOfThatNameExists() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-stale", "hang");
        DomainId stale = xl.createPaused(DomainSpec.preserving("test-pv64-stale", cfg.toString()));

        assertThat(xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-stale", cfg.toString())))
                .isEmpty();
        // xl refused the name in use: that refusal is the stale check, and it created nothing.
        assertThat(fake.calls("create")).hasSize(2);
        assertThat(xl.list())
                .filteredOn(d -> d.name().equals("test-pv64-stale"))
                .hasSize(1);
        assertThat(xl.find("test-pv64-stale"))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(stale));
    }

    @Test
    void aFailedCreateIsReportedAsXlCreatesFailureAndLeavesNoDomain() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-broken", "poweroff");
        fake.fail("create", "libxl: error: libxl_create.c:1234:domcreate_launch_dm: fake device model failure");

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-broken", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("could not create domain test-pv64-broken")
                .hasMessageContaining("create -p -f")
                .hasMessageNotContaining("sh -c")
                .hasMessageContaining("fake device model failure")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .anySatisfy(m -> assertThat(m).contains("half-created")));
        assertThat(xl.find("test-pv64-broken")).isEmpty();
    }

    @Test
    void aHangingCreateTimesOutAsTheCreateAndLeavesNoDomain() {
        DomainController xl = controller(Duration.ofMillis(1500));
        Path cfg = fake.domain("test-pv64-stuck", "poweroff");
        fake.hang("create");

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-stuck", cfg.toString())))
                .isInstanceOf(HarnessTimeoutException.class)
                .hasMessageContaining("creating domain test-pv64-stuck")
                .hasMessageContaining("timed out");
        assertThat(xl.find("test-pv64-stuck")).isEmpty();
    }

    @Test
    void aListingThatCrashesAfterTheCreateFallsBackToRetriedQueries() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-flaky", "poweroff");
        xl.list();
        fake.crashListEvery(2);
        commands.clear();

        DomainId id = xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-flaky", cfg.toString()))
                .orElseThrow();

        // The script's listing crashed after the create; the id was asked again, on its own, with retries.
        assertThat(commands.subList(1, commands.size()))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c).doesNotContain("-c").endsWith("list"));
        assertThat(fake.calls("create")).hasSize(1);
        fake.clearFaults();
        assertThat(xl.find("test-pv64-flaky"))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(id));
    }

    @Test
    void aCreateThatFailsForAnotherReasonIsNotTakenForAStaleDomain() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-other", "poweroff");
        fake.fail("create", "libxl: error: libxl_create.c:1234:domcreate_launch_dm: domain with name in the log");

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-other", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("could not create domain test-pv64-other");
    }

    @Test
    void destroysAndSeesTheDomainGoneInOneCommand() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-done", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-done", cfg.toString()));
        commands.clear();

        assertThat(xl.destroyExpected("test-pv64-done", 0)).isEqualTo(HostEvidence.none());

        assertThat(commands).hasSize(1);
        assertThat(xl.find("test-pv64-done")).isEmpty();
    }

    @Test
    void waitsOnTheHostForADyingDomainToGo() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-dying", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-dying", cfg.toString()));
        fake.destroyLingerMs(300);
        commands.clear();

        xl.destroyExpected("test-pv64-dying", 0);

        assertThat(commands).hasSize(1);
        assertThat(fake.calls("list").size()).isGreaterThan(1);
        assertThat(xl.find("test-pv64-dying")).isEmpty();
    }

    @Test
    void aDestroyThatFailsOnceFallsBackToTheRetriedDestroy() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-sticky", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-sticky", cfg.toString()));
        fake.destroyFailOnce();

        xl.destroyExpected("test-pv64-sticky", 0);

        assertThat(fake.calls("destroy")).hasSize(2);
        assertThat(xl.find("test-pv64-sticky")).isEmpty();
    }

    @Test
    void destroyExpectedOfAnAbsentDomainIsNoError() {
        DomainController xl = controller(Duration.ofSeconds(20));

        xl.destroyExpected("test-pv64-never", 0);

        assertThat(xl.find("test-pv64-never")).isEmpty();
    }

    @Test
    void takesTheEvidenceAndDestroysInOneCommand() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-failed", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-failed", cfg.toString()));
        commands.clear();

        HostEvidence evidence = xl.destroyExpected("test-pv64-failed", 2);

        assertThat(commands).hasSize(1);
        assertThat(evidence.description())
                .hasValueSatisfying(d ->
                        assertThat(d).contains("\"name\": \"test-pv64-failed\"").doesNotContain("@@"));
        assertThat(evidence.hypervisorLog())
                .hasValueSatisfying(
                        l -> assertThat(l.lines()).hasSize(2).last().asString().contains("created"));
        assertThat(evidence.notes()).isEmpty();
        assertThat(xl.find("test-pv64-failed")).isEmpty();
    }

    @Test
    void evidenceTheHostCannotGiveIsLeftOutAndTheDomainStillDestroyed() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-quiet", "hang");
        xl.createPaused(DomainSpec.preserving("test-pv64-quiet", cfg.toString()));
        fake.fail("dmesg", "xl: dmesg is not available");

        HostEvidence evidence = xl.destroyExpected("test-pv64-quiet", 5);

        assertThat(evidence.description()).isPresent();
        assertThat(evidence.hypervisorLog()).isEmpty();
        assertThat(xl.find("test-pv64-quiet")).isEmpty();
    }

    @Test
    void unpausesAndBlocksOnTheHostUntilTheShutdownInOneCommand() {
        DomainController xl = watching();
        Path cfg = fake.domain("test-pv64-run", "print hello", "sleep 300", "crash");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-run", cfg.toString()));
        commands.clear();
        int listsBefore = fake.calls("list").size();

        DomainEnd end = xl.runUntilShutdown(id, "test-pv64-run", Duration.ofSeconds(30));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(end.reason()).contains(ShutdownReason.CRASH);
        assertThat(end.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(commands).hasSize(1);
        // The watch is set before the unpause, so only the guest's end needs a listing: no polling.
        assertThat(fake.calls("list").size() - listsBefore).isEqualTo(1);
        assertThat(fake.calls("unpause")).hasSize(1);
        assertThat(end.notes()).isEmpty();
    }

    @Test
    void reportsVanishedWhenTheWatchedDomainIsDestroyedOnShutdown() {
        DomainController xl = watching();
        Path cfg = fake.domain("test-pv64-gone", "print bye", "poweroff");
        DomainId id = xl.createPaused(new DomainSpec("test-pv64-gone", cfg.toString(), List.of()));
        commands.clear();

        DomainEnd end = xl.runUntilShutdown(id, "test-pv64-gone", Duration.ofSeconds(30));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.VANISHED);
        assertThat(commands).hasSize(1);
    }

    @Test
    void timesOutAtTheDeadlineWhenTheWatchNeverFiresForTheDomain() {
        DomainController xl = watching();
        Path cfg = fake.domain("test-pv64-hang", "print started", "hang");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-hang", cfg.toString()));

        DomainEnd end = xl.runUntilShutdown(id, "test-pv64-hang", Duration.ofMillis(1000));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
        assertThat(end.lastSeen())
                .hasValueSatisfying(d -> assertThat(d.isShutdown()).isFalse());
        assertThat(end.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        xl.destroyExpected("test-pv64-hang", 0);
        assertThat(xl.find("test-pv64-hang")).isEmpty();
    }

    @Test
    void pollsFromTheControllerWhereTheHostHasNoWatch() {
        DomainController xl = controller(
                Duration.ofSeconds(20), List.of(tmp.resolve("no-such-watch").toString()));
        Path cfg = fake.domain("test-pv64-poll", "print hello", "sleep 200", "poweroff");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-poll", cfg.toString()));
        commands.clear();

        DomainEnd end = xl.runUntilShutdown(id, "test-pv64-poll", Duration.ofSeconds(30));

        assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
        assertThat(end.reason()).contains(ShutdownReason.POWEROFF);
        assertThat(commands.size()).isGreaterThan(1);
        assertThat(commands.subList(1, commands.size()))
                .allSatisfy(c -> assertThat(c).endsWith("list"));
        assertThat(end.notes())
                .singleElement()
                .satisfies(
                        n -> assertThat(n).contains("polling xl list").contains("no " + tmp.resolve("no-such-watch")));
    }

    @Test
    void aListingThatCrashesDuringTheWaitFallsBackToPolling() {
        DomainController xl = watching();
        Path cfg = fake.domain("test-pv64-flaky", "print hello", "sleep 200", "poweroff");
        DomainId id = xl.createPaused(DomainSpec.preserving("test-pv64-flaky", cfg.toString()));
        fake.crashListEvery(1);
        commands.clear();

        assertThatThrownBy(() -> xl.runUntilShutdown(id, "test-pv64-flaky", Duration.ofSeconds(30)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("could not list domains");
        assertThat(fake.calls("unpause")).hasSize(1);
        fake.clearFaults();
        assertThat(xl.awaitShutdown(id, "test-pv64-flaky", Duration.ofSeconds(30))
                        .kind())
                .isEqualTo(DomainEnd.Kind.SHUTDOWN);
    }
}
